using Pipeline.Domain.Reviews;

namespace Pipeline.Domain.Progress;

public enum CommitmentState
{
    Met,
    Pending,
    Behind,
}

/// <summary>What a project reported for a year after production: tax and output in 万元, energy in 吨标煤.</summary>
public sealed record YearPerformance(int Year, decimal Tax, decimal Output, decimal EnergyTce);

/// <summary>A commitment and how it stands; <c>Due</c> once its date or year has passed (or its year is reported).</summary>
public sealed record CommitmentStatus(CommitmentState State, bool Due, decimal? Actual);

/// <summary>
/// Whether investors keep their word (履约): phased investment from the contract (by a date, so much invested in all)
/// and indicator commitments from the pre-review decision (e.g. tax per 亩 at least X in year Y).
/// </summary>
public static class Commitments
{
    /// <summary>Met once the cumulative investment reaches the amount; behind when the date has passed without it.</summary>
    public static CommitmentStatus Investment(DateOnly dueOn, decimal amount, decimal investedToDate, DateOnly today)
    {
        var due = today > dueOn;
        var state = investedToDate >= amount ? CommitmentState.Met : due ? CommitmentState.Behind : CommitmentState.Pending;
        return new CommitmentStatus(state, due || state == CommitmentState.Met, investedToDate);
    }

    /// <summary>
    /// An indicator commitment, judged on the year it names: met or behind once that year is reported; behind when the
    /// year is over without a report; pending before. Tax and output per 亩 use the project's land area.
    /// </summary>
    public static CommitmentStatus Indicator(
        Indicator indicator, decimal threshold, int byYear, YearPerformance? performance, decimal? areaMu, decimal investedToDate, DateOnly today)
    {
        var value = Value(indicator, performance, areaMu, investedToDate);
        if (value is { } actual && (performance is not null || indicator == Reviews.Indicator.InvestmentIntensity))
        {
            var bound = indicator.Info().Direction == Direction.AtMost ? new Threshold(null, threshold) : new Threshold(threshold, null);
            var met = Indicators.Check(indicator, actual, bound).Met == true;
            var dueNow = today.Year > byYear || performance is not null;
            return met
                ? new CommitmentStatus(CommitmentState.Met, true, actual)
                : new CommitmentStatus(dueNow ? CommitmentState.Behind : CommitmentState.Pending, dueNow, actual);
        }

        var due = today.Year > byYear;
        return new CommitmentStatus(due ? CommitmentState.Behind : CommitmentState.Pending, due, null);
    }

    /// <summary>达效: in production, with at least one commitment due, and every due commitment met.</summary>
    public static bool Achieved(bool inProduction, IReadOnlyCollection<CommitmentStatus> commitments) =>
        inProduction && commitments.Any(c => c.Due) && commitments.Where(c => c.Due).All(c => c.State == CommitmentState.Met);

    /// <summary>A ratio as a percentage with one decimal, or null when there is nothing to divide by.</summary>
    public static decimal? Rate(decimal part, decimal whole) => whole == 0 ? null : Math.Round(part / whole * 100m, 1, MidpointRounding.AwayFromZero);

    private static decimal? Value(Indicator indicator, YearPerformance? performance, decimal? areaMu, decimal investedToDate) => indicator switch
    {
        Reviews.Indicator.TaxPerMu when performance is not null && areaMu > 0 => performance.Tax / areaMu.Value,
        Reviews.Indicator.OutputPerMu when performance is not null && areaMu > 0 => performance.Output / areaMu.Value,
        Reviews.Indicator.EnergyIntensity when performance is { Output: > 0 } => performance.EnergyTce / performance.Output,
        Reviews.Indicator.InvestmentIntensity when areaMu > 0 => investedToDate / areaMu.Value,
        _ => null,
    };
}
