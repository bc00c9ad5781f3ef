using Pipeline.Domain.Reviews;

namespace Pipeline.Domain.Tests;

public class ReviewRulesTests
{
    private static readonly DecisionPolicy Policy = new(Quorum: 3, TrimmedMeanFrom: 5, PassMark: 60m, BandA: 85m, BandB: 75m, BandC: 60m);

    [Fact]
    public void Compute_AwkwardNumbers_ExactToFourDecimalsRoundedHalfAwayFromZero()
    {
        var values = Indicators.Compute(new ApplicantFigures(
            LandAreaMu: 3m, FixedAssetInvestment: 10000m, AnnualOutput: 20000m, AnnualTax: 100.0001m, AnnualEnergyTce: 1m, PlotRatio: 1.25m, RdRatio: null));

        Assert.Equal(3333.3333m, values[Indicator.InvestmentIntensity]);
        Assert.Equal(33.3334m, values[Indicator.TaxPerMu]);
        Assert.Equal(6666.6667m, values[Indicator.OutputPerMu]);
        Assert.Equal(0.0001m, values[Indicator.EnergyIntensity]);
        Assert.Equal(1.25m, values[Indicator.PlotRatio]);
        Assert.Null(values[Indicator.RdRatio]);
    }

    [Fact]
    public void Compute_NoOutput_EnergyIntensityUnknownRatherThanDividingByZero()
    {
        var values = Indicators.Compute(new ApplicantFigures(10m, 1000m, 0m, 0m, 50m, null, null));

        Assert.Null(values[Indicator.EnergyIntensity]);
        Assert.Equal(0m, values[Indicator.OutputPerMu]);
    }

    [Theory]
    [InlineData(400, true, 0)]
    [InlineData(400.0001, true, 0.0001)]
    [InlineData(399.99, false, -0.01)]
    public void Check_Minimum_MetAtTheStandardAndGapSigned(double value, bool met, double gap)
    {
        var check = Indicators.Check(Indicator.InvestmentIntensity, (decimal)value, new Threshold(400m, null));

        Assert.Equal(met, check.Met);
        Assert.Equal((decimal)gap, check.Gap);
    }

    [Theory]
    [InlineData(0.3, true, 0)]
    [InlineData(0.31, false, -0.01)]
    [InlineData(0.1, true, 0.2)]
    public void Check_Maximum_LowerIsBetter(double value, bool met, double gap)
    {
        var check = Indicators.Check(Indicator.EnergyIntensity, (decimal)value, new Threshold(null, 0.3m));

        Assert.Equal((met, (decimal)gap), (check.Met!.Value, check.Gap!.Value));
    }

    [Theory]
    [InlineData(1.2, true, 0)]
    [InlineData(3.0, true, 0)]
    [InlineData(2.0, true, 0.8)]
    [InlineData(1.1, false, -0.1)]
    [InlineData(3.5, false, -0.5)]
    public void Check_Range_InsideMetOutsideMissedByDistance(double value, bool met, double gap)
    {
        var check = Indicators.Check(Indicator.PlotRatio, (decimal)value, new Threshold(1.2m, 3.0m));

        Assert.Equal((met, (decimal)gap), (check.Met!.Value, check.Gap!.Value));
    }

    [Fact]
    public void Check_NoThresholdOrNoValue_NotAssessed()
    {
        Assert.Null(Indicators.Check(Indicator.RdRatio, 2m, null).Met);
        Assert.Null(Indicators.Check(Indicator.RdRatio, null, new Threshold(1m, null)).Met);
    }

    [Fact]
    public void Pick_MostSpecificIndustryThenParkThenDefault()
    {
        var any = new Dictionary<Indicator, Threshold>();
        EntryStandard[] standards =
        [
            new(1, null, null, any), new(2, "C39", null, any), new(3, "C", null, any), new(4, "C39", 77, any), new(5, "C26", null, any),
        ];

        Assert.Equal(2, EntryStandards.Pick(standards, "C3911", [10])!.Id);
        Assert.Equal(4, EntryStandards.Pick(standards, "C3911", [10, 77])!.Id);
        Assert.Equal(3, EntryStandards.Pick(standards, "C13", [])!.Id);
        Assert.Equal(1, EntryStandards.Pick(standards, "I65", [])!.Id);
    }

    [Fact]
    public void RubricProblems_WeightsNotAddingUpTo100_Refused()
    {
        var problems = RubricRules.Problems([new Criterion("a", "A", 60m), new Criterion("b", "B", 39.5m)]);

        Assert.Contains(problems, p => p.Message.Contains("99.5", StringComparison.Ordinal));
    }

    [Fact]
    public void RubricProblems_DuplicateCodeAndIndicatorWithoutStep_Refused()
    {
        var problems = RubricRules.Problems([new Criterion("a", "A", 50m, Indicator.TaxPerMu), new Criterion("a", "B", 50m)]);

        Assert.Contains(problems, p => p.Message == "编码“a”重复使用。");
        Assert.Contains(problems, p => p.Field == "criteria[0]");
    }

    [Fact]
    public void RubricProblems_ElevenCriteriaAddingTo100_Accepted()
    {
        var weights = new[] { 5m, 5m, 17m, 17m, 10m, 5m, 5m, 10m, 5m, 16m, 5m };

        Assert.Empty(RubricRules.Problems(weights.Select((w, i) => new Criterion($"c{i}", $"C{i}", w)).ToList()));
    }

    [Theory]
    [InlineData(0, 17)]
    [InlineData(25, 17)]
    [InlineData(-50, 16.5)]
    [InlineData(-55, 16.45)]
    [InlineData(-1700, 0)]
    [InlineData(-5000, 0)]
    public void Suggest_PiecewiseLinearFromTheStandard(double gap, double expected)
    {
        var criterion = new Criterion("investmentIntensity", "投资强度", 17m, Indicator.InvestmentIntensity, PointsPerStep: 0.1m, Step: 10m);
        var check = new IndicatorCheck(Indicator.InvestmentIntensity, 400m + (decimal)gap, new Threshold(400m, null), gap >= 0, (decimal)gap);

        Assert.Equal((decimal)expected, RubricRules.Suggest(criterion, check));
    }

    [Fact]
    public void Suggest_CriterionWithoutIndicatorOrUnassessed_None()
    {
        Assert.Null(RubricRules.Suggest(new Criterion("x", "X", 5m), null));
        Assert.Null(RubricRules.Suggest(new Criterion("t", "T", 16m, Indicator.TaxPerMu, 1m, 1m), new IndicatorCheck(Indicator.TaxPerMu, null, null, null, null)));
    }

    [Fact]
    public void Score_FewerThanFiveSheets_PlainMean() => Assert.Equal(70m, Decisions.Score([60m, 70m, 80m, 70m], 5));

    [Fact]
    public void Score_FiveSheets_DropsOneHighestAndOneLowest() => Assert.Equal(71.67m, Decisions.Score([10m, 70m, 75m, 70m, 100m], 5));

    [Theory]
    [InlineData(85, LandClass.A)]
    [InlineData(84.99, LandClass.B)]
    [InlineData(75, LandClass.B)]
    [InlineData(74.99, LandClass.C)]
    [InlineData(60, LandClass.C)]
    [InlineData(59.99, LandClass.D)]
    public void Classify_BandEdges(double score, LandClass expected) => Assert.Equal(expected, Decisions.Classify((decimal)score, Policy));

    [Fact]
    public void Decide_ScoreAboveMarkMajorityApprovesNoVeto_Passed()
    {
        var decision = Decisions.Decide([(80m, Vote.Approve), (70m, Vote.Approve), (65m, Vote.Reject)], vetoed: false, defer: false, Policy);

        Assert.Equal((ReviewOutcome.Passed, 71.67m, LandClass.C, 2), (decision.Outcome, decision.Score, decision.LandClass, decision.Approvals));
    }

    [Fact]
    public void Decide_ExactlyHalfApprove_Rejected() =>
        Assert.Equal(ReviewOutcome.Rejected, Decisions.Decide(
            [(90m, Vote.Approve), (90m, Vote.Approve), (90m, Vote.Abstain), (90m, Vote.Reject)], false, false, Policy).Outcome);

    [Fact]
    public void Decide_BelowPassMark_Rejected() =>
        Assert.Equal(ReviewOutcome.Rejected, Decisions.Decide([(59m, Vote.Approve), (60m, Vote.Approve), (60m, Vote.Approve)], false, false, Policy).Outcome);

    [Fact]
    public void Decide_Vetoed_RejectedWhateverTheScore()
    {
        var decision = Decisions.Decide([(95m, Vote.Approve), (95m, Vote.Approve), (95m, Vote.Approve)], vetoed: true, defer: false, Policy);

        Assert.Equal((ReviewOutcome.Rejected, true, LandClass.A), (decision.Outcome, decision.Vetoed, decision.LandClass));
    }

    [Fact]
    public void Decide_Deferred_ChairsChoiceWithoutQuorum()
    {
        Assert.Equal(ReviewOutcome.Deferred, Decisions.Decide([(90m, Vote.Approve)], false, defer: true, Policy).Outcome);
        Assert.Null(Decisions.QuorumProblem(1, defer: true, Policy));
    }

    [Fact]
    public void QuorumProblem_TwoOfThree_SaysHowManyAreIn() =>
        Assert.Equal("作出决定需要 3 份评分表，目前已收到 2 份。", Decisions.QuorumProblem(2, defer: false, Policy));

    [Fact]
    public void AutomaticVetoes_EnergyAboveStandard_VetoesForEnergy()
    {
        var over = Indicators.Check(Indicator.EnergyIntensity, 0.5m, new Threshold(null, 0.3m));
        var under = Indicators.Check(Indicator.EnergyIntensity, 0.2m, new Threshold(null, 0.3m));

        Assert.Equal([VetoCodes.Energy], Decisions.AutomaticVetoes([over]));
        Assert.Empty(Decisions.AutomaticVetoes([under]));
    }
}
