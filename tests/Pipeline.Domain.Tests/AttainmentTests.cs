using Pipeline.Domain.Progress;
using Pipeline.Domain.Reviews;

namespace Pipeline.Domain.Tests;

public class AttainmentTests
{
    /// <summary>Promised at review: tax 40 and output 800 per 亩, energy 0.2 吨标煤 per 万元 of output.</summary>
    private static readonly Dictionary<Indicator, decimal?> Promised = new()
    {
        [Indicator.TaxPerMu] = 40m, [Indicator.OutputPerMu] = 800m, [Indicator.EnergyIntensity] = 0.2m,
    };

    /// <summary>The industry's entry standard: tax ≥ 30, output ≥ 600 per 亩, energy ≤ 0.3.</summary>
    private static readonly Dictionary<Indicator, Threshold> Standard = new()
    {
        [Indicator.TaxPerMu] = new(30m, null), [Indicator.OutputPerMu] = new(600m, null), [Indicator.EnergyIntensity] = new(null, 0.3m),
    };

    [Fact]
    public void Judge_EveryIndicatorAtOrPastPromiseAndStandard_Attained()
    {
        var attainment = Attainments.Judge(true, new YearPerformance(2026, 4000m, 80000m, 16000m), 100m, Promised, Standard);

        Assert.Equal((AttainmentState.Attained, 2026), (attainment.State, attainment.Year!.Value));
        Assert.Equal([40m, 800m, 0.2m], attainment.Indicators.Select(i => i.Actual!.Value));
        Assert.All(attainment.Indicators, i => Assert.Equal((true, true), (i.MeetsPromise!.Value, i.MeetsStandard!.Value)));
    }

    [Theory]
    [InlineData(3999, 80000, 16000, "TaxPerMu", false, true)]
    [InlineData(2900, 80000, 16000, "TaxPerMu", false, false)]
    [InlineData(4000, 79000, 15000, "OutputPerMu", false, true)]
    [InlineData(4000, 80000, 16100, "EnergyIntensity", false, true)]
    [InlineData(4000, 80000, 25000, "EnergyIntensity", false, false)]
    public void Judge_OneIndicatorShort_NotAttainedSayingWhich(decimal tax, decimal output, decimal energy, string shortIndicator, bool meetsPromise, bool meetsStandard)
    {
        var attainment = Attainments.Judge(true, new YearPerformance(2026, tax, output, energy), 100m, Promised, Standard);

        Assert.Equal(AttainmentState.NotAttained, attainment.State);
        var indicator = attainment.Indicators.Single(i => i.Indicator == Enum.Parse<Indicator>(shortIndicator));
        Assert.Equal((meetsPromise, meetsStandard), (indicator.MeetsPromise!.Value, indicator.MeetsStandard!.Value));
    }

    [Fact]
    public void Judge_AboveStandardButBelowWhatWasPromised_NotAttained()
    {
        var attainment = Attainments.Judge(true, new YearPerformance(2026, 3500m, 90000m, 9000m), 100m, Promised, Standard);

        var tax = attainment.Indicators.Single(i => i.Indicator == Indicator.TaxPerMu);
        Assert.Equal((AttainmentState.NotAttained, 35m, false, true), (attainment.State, tax.Actual!.Value, tax.MeetsPromise!.Value, tax.MeetsStandard!.Value));
    }

    [Fact]
    public void Judge_NoReviewOnRecord_JudgedOnTheStandardAlone()
    {
        var attainment = Attainments.Judge(true, new YearPerformance(2026, 3500m, 90000m, 9000m), 100m, new Dictionary<Indicator, decimal?>(), Standard);

        Assert.Equal(AttainmentState.Attained, attainment.State);
        Assert.All(attainment.Indicators, i => Assert.Null(i.MeetsPromise));
    }

    [Fact]
    public void Judge_NotProducingOrNotReportedOrNothingToCompare_SaysSo()
    {
        var year = new YearPerformance(2026, 4000m, 80000m, 16000m);

        Assert.Equal(AttainmentState.NotProducing, Attainments.Judge(false, year, 100m, Promised, Standard).State);
        Assert.Equal(AttainmentState.NotReported, Attainments.Judge(true, null, 100m, Promised, Standard).State);
        Assert.Equal(AttainmentState.Undetermined, Attainments.Judge(true, year, 100m, new Dictionary<Indicator, decimal?>(), new Dictionary<Indicator, Threshold>()).State);
    }

    [Fact]
    public void Judge_NoLandArea_PerMuIndicatorsUnknownAndEnergyStillJudged()
    {
        var attainment = Attainments.Judge(true, new YearPerformance(2026, 4000m, 80000m, 16000m), null, Promised, Standard);

        Assert.Equal([null, null, 0.2m], attainment.Indicators.Select(i => i.Actual));
        Assert.Equal(AttainmentState.Attained, attainment.State);
    }

    [Fact]
    public void YearToJudge_YearsBeforeProduction_IgnoredAndLatestAfterTaken()
    {
        var years = new[] { new YearPerformance(2024, 1m, 1m, 1m), new YearPerformance(2026, 3m, 3m, 3m), new YearPerformance(2025, 2m, 2m, 2m) };

        Assert.Equal(2026, Attainments.YearToJudge(years, new DateOnly(2025, 7, 1))!.Year);
        Assert.Null(Attainments.YearToJudge(years.Take(1), new DateOnly(2025, 7, 1)));
        Assert.Null(Attainments.YearToJudge(years, null));
    }
}
