using Pipeline.Domain.Progress;
using Pipeline.Domain.Projects;
using Pipeline.Domain.Ranking;
using Pipeline.Domain.Reviews;

namespace Pipeline.Domain.Tests;

public class ProgressAndRankingTests
{
    private static readonly DateOnly Today = new(2026, 6, 15);
    private static readonly RankingPolicy Policy = new(40m, 40m, 20m, 1.2m, 2m, 5m, 1m);

    [Theory]
    [InlineData(5000, 3000, 30, CommitmentState.Pending, false)]
    [InlineData(5000, 5000, 30, CommitmentState.Met, true)]
    [InlineData(5000, 6000, -30, CommitmentState.Met, true)]
    [InlineData(5000, 4999.9999, -1, CommitmentState.Behind, true)]
    [InlineData(5000, 4000, 0, CommitmentState.Pending, false)]
    public void Investment_CumulativeAgainstThePhase(decimal amount, decimal invested, int daysToDue, CommitmentState state, bool due)
    {
        var status = Commitments.Investment(Today.AddDays(daysToDue), amount, invested, Today);

        Assert.Equal((state, due), (status.State, status.Due));
    }

    [Fact]
    public void Indicator_TaxPerMuReported_MetOrBehindByTheThreshold()
    {
        var met = Commitments.Indicator(Indicator.TaxPerMu, 30m, 2025, new YearPerformance(2025, 3000m, 50000m, 1000m), 100m, 0m, Today);
        var behind = Commitments.Indicator(Indicator.TaxPerMu, 30m, 2025, new YearPerformance(2025, 2999m, 50000m, 1000m), 100m, 0m, Today);

        Assert.Equal((CommitmentState.Met, 30m), (met.State, met.Actual!.Value));
        Assert.Equal((CommitmentState.Behind, true), (behind.State, behind.Due));
    }

    [Fact]
    public void Indicator_YearNotOverAndNotReported_Pending_YearOverWithoutReport_Behind()
    {
        Assert.Equal(CommitmentState.Pending, Commitments.Indicator(Indicator.TaxPerMu, 30m, 2026, null, 100m, 0m, Today).State);
        Assert.Equal(CommitmentState.Behind, Commitments.Indicator(Indicator.TaxPerMu, 30m, 2025, null, 100m, 0m, Today).State);
    }

    [Fact]
    public void Indicator_EnergyIntensity_LowerIsBetter()
    {
        var performance = new YearPerformance(2025, 0m, 10000m, 2500m);

        Assert.Equal(CommitmentState.Met, Commitments.Indicator(Indicator.EnergyIntensity, 0.3m, 2025, performance, 10m, 0m, Today).State);
        Assert.Equal(CommitmentState.Behind, Commitments.Indicator(Indicator.EnergyIntensity, 0.2m, 2025, performance, 10m, 0m, Today).State);
    }

    [Fact]
    public void Achieved_InProductionWithEveryDueCommitmentMet()
    {
        var met = new CommitmentStatus(CommitmentState.Met, true, null);
        var pending = new CommitmentStatus(CommitmentState.Pending, false, null);
        var behind = new CommitmentStatus(CommitmentState.Behind, true, null);

        Assert.True(Commitments.Achieved(true, [met, pending]));
        Assert.False(Commitments.Achieved(true, [met, behind]));
        Assert.False(Commitments.Achieved(false, [met]));
        Assert.False(Commitments.Achieved(true, [pending]));
    }

    [Fact]
    public void Rate_PercentWithOneDecimalOrNullWithoutBase()
    {
        Assert.Equal(46.7m, Commitments.Rate(57, 122));
        Assert.Null(Commitments.Rate(1, 0));
    }

    [Fact]
    public void Score_TargetsHalfMetTwoStalledOneFalseLead_BrokenDown()
    {
        var score = UnitRanking.Score(new UnitResults(5, 40000m, 2, 2, 1, 0), new UnitTargets(10, 80000m, 4), 1m, Policy);

        Assert.Equal((20m, 20m, 10m, 4m, 5m, 41m, false),
            (score.SignedCount, score.SignedAmount, score.StartedCount, score.StalledDeduction, score.FalseLeadDeduction, score.Total, score.TargetsMet));
    }

    [Fact]
    public void Score_ThreeMonthlyUpdatesMissing_DeductedByTheirWeight()
    {
        var score = UnitRanking.Score(new UnitResults(10, 80000m, 4, 0, 0, 3), new UnitTargets(10, 80000m, 4), 1m, Policy);

        Assert.Equal((3m, 97m, true), (score.MissingUpdateDeduction, score.Total, score.TargetsMet));
    }

    [Fact]
    public void Score_BeyondTarget_CappedAt120Percent()
    {
        var score = UnitRanking.Score(new UnitResults(30, 80000m, 4, 0, 0, 0), new UnitTargets(10, 80000m, 4), 1m, Policy);

        Assert.Equal(48m, score.SignedCount);
        Assert.Equal(108m, score.Total);
        Assert.True(score.TargetsMet);
    }

    [Fact]
    public void Score_Quarter_MeasuredAgainstAQuarterOfTheYearlyTargets()
    {
        var score = UnitRanking.Score(new UnitResults(3, 20000m, 1, 0, 0, 0), new UnitTargets(12, 80000m, 4), 0.25m, Policy);

        Assert.Equal((40m, 40m, 20m, true), (score.SignedCount, score.SignedAmount, score.StartedCount, score.TargetsMet));
    }

    [Theory]
    [InlineData("签约", Stage.Signed)]
    [InlineData("在谈", Stage.Talks)]
    [InlineData("已开工", Stage.Groundbreaking)]
    [InlineData("landSupply", Stage.LandSupply)]
    [InlineData("搁置", null)]
    public void ParseStage_LedgerWording(string text, Stage? expected) => Assert.Equal(expected, StageNames.Parse(text));

    [Theory]
    [InlineData("新增用地", LandMode.NewLand)]
    [InlineData("租赁厂房", LandMode.ExistingBuilding)]
    [InlineData("厂房", null)]
    public void ParseLandMode_LedgerWording(string text, LandMode? expected) => Assert.Equal(expected, StageNames.ParseLandMode(text));
}
