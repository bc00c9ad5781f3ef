namespace Pipeline.Domain.Reviews;

/// <summary>The indicators a pre-review (预审) measures a project by.</summary>
public enum Indicator
{
    InvestmentIntensity,
    TaxPerMu,
    OutputPerMu,
    EnergyIntensity,
    PlotRatio,
    RdRatio,
}

/// <summary>Whether a higher value is better, a lower one, or the value must fall within a range.</summary>
public enum Direction
{
    AtLeast,
    AtMost,
    Range,
}

/// <summary>What an indicator means: its unit, its direction and its Chinese name.</summary>
public sealed record IndicatorInfo(Indicator Indicator, string Name, string Unit, Direction Direction);

/// <summary>A threshold of an entry standard: a minimum, a maximum, or both (a range).</summary>
public sealed record Threshold(decimal? Min, decimal? Max);

/// <summary>How one indicator of a project compares with its standard; <c>Gap</c> is how far past (+) or short of (−) it.</summary>
public sealed record IndicatorCheck(Indicator Indicator, decimal? Value, Threshold? Threshold, bool? Met, decimal? Gap);

/// <summary>The applicant's figures, in 万元, 亩, 吨标煤 per year, and percent.</summary>
public sealed record ApplicantFigures(
    decimal LandAreaMu, decimal FixedAssetInvestment, decimal AnnualOutput, decimal AnnualTax, decimal AnnualEnergyTce,
    decimal? PlotRatio, decimal? RdRatio);

public static class Indicators
{
    public const int Decimals = 4;

    public static readonly IReadOnlyList<IndicatorInfo> All =
    [
        new(Indicator.InvestmentIntensity, "投资强度", "万元/亩", Direction.AtLeast),
        new(Indicator.TaxPerMu, "亩均税收", "万元/亩", Direction.AtLeast),
        new(Indicator.OutputPerMu, "亩均产值", "万元/亩", Direction.AtLeast),
        new(Indicator.EnergyIntensity, "单位产值能耗", "吨标煤/万元", Direction.AtMost),
        new(Indicator.PlotRatio, "容积率", "", Direction.Range),
        new(Indicator.RdRatio, "研发投入占比", "%", Direction.AtLeast),
    ];

    public static IndicatorInfo Info(this Indicator indicator) => All[(int)indicator];

    /// <summary>
    /// The indicators from the applicant's figures: fixed-asset investment, tax and output per 亩, and energy per 万元 of
    /// output, rounded to four decimals (half away from zero). Energy intensity is unknown when there is no output.
    /// </summary>
    public static IReadOnlyDictionary<Indicator, decimal?> Compute(ApplicantFigures figures) => new Dictionary<Indicator, decimal?>
    {
        [Indicator.InvestmentIntensity] = Divide(figures.FixedAssetInvestment, figures.LandAreaMu),
        [Indicator.TaxPerMu] = Divide(figures.AnnualTax, figures.LandAreaMu),
        [Indicator.OutputPerMu] = Divide(figures.AnnualOutput, figures.LandAreaMu),
        [Indicator.EnergyIntensity] = Divide(figures.AnnualEnergyTce, figures.AnnualOutput),
        [Indicator.PlotRatio] = figures.PlotRatio,
        [Indicator.RdRatio] = figures.RdRatio,
    };

    /// <summary>Met or missed, and by how much; not assessed (null) when the value or the threshold is missing.</summary>
    public static IndicatorCheck Check(Indicator indicator, decimal? value, Threshold? threshold)
    {
        if (value is not { } v || threshold is null || (threshold.Min is null && threshold.Max is null))
        {
            return new IndicatorCheck(indicator, value, threshold, null, null);
        }

        var gap = Gap(v, threshold);
        return new IndicatorCheck(indicator, value, threshold, gap >= 0, gap);
    }

    /// <summary>Distance to the threshold: positive (or zero) inside it, negative outside it.</summary>
    private static decimal Gap(decimal value, Threshold threshold)
    {
        var belowMin = threshold.Min is { } min ? value - min : decimal.MaxValue;
        var aboveMax = threshold.Max is { } max ? max - value : decimal.MaxValue;
        return Math.Min(belowMin, aboveMax);
    }

    private static decimal? Divide(decimal numerator, decimal denominator) =>
        denominator == 0 ? null : Math.Round(numerator / denominator, Decimals, MidpointRounding.AwayFromZero);
}
