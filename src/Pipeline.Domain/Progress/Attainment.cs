using Pipeline.Domain.Reviews;

namespace Pipeline.Domain.Progress;

/// <summary>Where a project stands on 达效 (reaching, after production, what it promised and what its industry requires).</summary>
public enum AttainmentState
{
    /// <summary>Not in production: nothing to judge yet.</summary>
    NotProducing,

    /// <summary>In production, but no year from production on has been reported.</summary>
    NotReported,

    /// <summary>Reported, but there was nothing to compare with (no passed review, no entry standard, or no land area).</summary>
    Undetermined,

    /// <summary>达效: every indicator compared meets both the promise and the standard.</summary>
    Attained,

    /// <summary>未达效: at least one indicator falls short of the promise or of the standard.</summary>
    NotAttained,
}

/// <summary>
/// One indicator of a reported year: the actual value, what the passed review promised, the entry standard, and whether
/// the actual meets each (null where there is nothing to compare).
/// </summary>
public sealed record IndicatorAttainment(
    Indicator Indicator, decimal? Actual, decimal? Promised, Threshold? Standard, bool? MeetsPromise, bool? MeetsStandard);

/// <summary>The judgement of a project's 达效 and the year it rests on.</summary>
public sealed record Attainment(AttainmentState State, int? Year, IReadOnlyList<IndicatorAttainment> Indicators);

/// <summary>
/// 达效 against promises: a producing project's actual tax per 亩, output per 亩 and energy per 万元 of output (单位产值能耗) in
/// its latest reported year from production on, against the same indicators of its passed pre-review (what the investor
/// promised to enter the park) and against the entry standard of its industry. Energy is compared as intensity, the way
/// reviews and standards state it, so a lower actual meets it.
/// </summary>
public static class Attainments
{
    /// <summary>The indicators judged, in the order reports show them.</summary>
    public static readonly IReadOnlyList<Indicator> Judged = [Indicator.TaxPerMu, Indicator.OutputPerMu, Indicator.EnergyIntensity];

    /// <summary>The year to judge: the latest reported year from the year production began, if any.</summary>
    public static YearPerformance? YearToJudge(IEnumerable<YearPerformance> years, DateOnly? productionOn) =>
        productionOn is { } started ? years.Where(y => y.Year >= started.Year).MaxBy(y => y.Year) : null;

    public static Attainment Judge(
        bool inProduction, YearPerformance? year, decimal? areaMu, IReadOnlyDictionary<Indicator, decimal?> promised,
        IReadOnlyDictionary<Indicator, Threshold> standard)
    {
        if (!inProduction)
        {
            return new Attainment(AttainmentState.NotProducing, null, []);
        }

        if (year is null)
        {
            return new Attainment(AttainmentState.NotReported, null, []);
        }

        var indicators = Judged.Select(indicator =>
        {
            var actual = Actual(indicator, year, areaMu);
            var promise = promised.GetValueOrDefault(indicator);
            var threshold = standard.GetValueOrDefault(indicator);
            var meetsPromise = actual is { } a && promise is { } p ? Meets(indicator, a, p) : (bool?)null;
            return new IndicatorAttainment(indicator, actual, promise, threshold, meetsPromise, Indicators.Check(indicator, actual, threshold).Met);
        }).ToList();
        var outcomes = indicators.SelectMany(i => new[] { i.MeetsPromise, i.MeetsStandard }).OfType<bool>().ToList();
        var state = outcomes.Count == 0 ? AttainmentState.Undetermined
            : outcomes.All(met => met) ? AttainmentState.Attained
            : AttainmentState.NotAttained;
        return new Attainment(state, year.Year, indicators);
    }

    /// <summary>A promise is met at or past its value, in the indicator's direction (at most, for energy).</summary>
    private static bool Meets(Indicator indicator, decimal actual, decimal promised) =>
        indicator.Info().Direction == Direction.AtMost ? actual <= promised : actual >= promised;

    private static decimal? Actual(Indicator indicator, YearPerformance year, decimal? areaMu) => indicator switch
    {
        Indicator.TaxPerMu when areaMu > 0 => Round(year.Tax / areaMu.Value),
        Indicator.OutputPerMu when areaMu > 0 => Round(year.Output / areaMu.Value),
        Indicator.EnergyIntensity when year.Output > 0 => Round(year.EnergyTce / year.Output),
        _ => null,
    };

    private static decimal Round(decimal value) => Math.Round(value, Reviews.Indicators.Decimals, MidpointRounding.AwayFromZero);
}
