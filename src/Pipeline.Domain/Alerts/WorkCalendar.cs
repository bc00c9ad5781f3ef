namespace Pipeline.Domain.Alerts;

/// <summary>Natural days, or working days: Monday to Friday, less public holidays, plus the weekends worked in exchange (调休).</summary>
public enum CalendarKind
{
    Natural,
    Working,
}

/// <summary>
/// Counts days for alert rules. A day count from <c>since</c> to <c>today</c> is the number of (working) days d with
/// since &lt; d ≤ today, so the day after an event is day 1.
/// </summary>
public sealed class WorkCalendar
{
    public static readonly WorkCalendar Natural = new(CalendarKind.Natural, new Dictionary<DateOnly, bool>());

    private readonly IReadOnlyDictionary<DateOnly, bool> _exceptions;

    private WorkCalendar(CalendarKind kind, IReadOnlyDictionary<DateOnly, bool> exceptions)
    {
        Kind = kind;
        _exceptions = exceptions;
    }

    public CalendarKind Kind { get; }

    /// <summary>A working-day calendar from its exceptions: true for a worked weekend (调休), false for a holiday.</summary>
    public static WorkCalendar Working(IReadOnlyDictionary<DateOnly, bool> exceptions) => new(CalendarKind.Working, exceptions);

    public static WorkCalendar For(CalendarKind kind, IReadOnlyDictionary<DateOnly, bool> exceptions) =>
        kind == CalendarKind.Natural ? Natural : Working(exceptions);

    public bool IsCounted(DateOnly day) =>
        Kind == CalendarKind.Natural
        || (_exceptions.TryGetValue(day, out var working) ? working : day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));

    public int DaysBetween(DateOnly since, DateOnly today)
    {
        if (today <= since)
        {
            return 0;
        }

        if (Kind == CalendarKind.Natural)
        {
            return today.DayNumber - since.DayNumber;
        }

        var count = 0;
        for (var day = since.AddDays(1); day <= today; day = day.AddDays(1))
        {
            count += IsCounted(day) ? 1 : 0;
        }

        return count;
    }

    /// <summary>
    /// The latest date <c>c</c> with <c>DaysBetween(c, today) ≥ days</c>: any event on or before it has reached the
    /// threshold. Lets a scan compare dates in SQL instead of counting days per row.
    /// </summary>
    public DateOnly Cutoff(DateOnly today, int days)
    {
        if (Kind == CalendarKind.Natural || days <= 0)
        {
            return today.AddDays(-Math.Max(days, 0));
        }

        var day = today;
        for (var counted = 0; counted < days; day = day.AddDays(-1))
        {
            counted += IsCounted(day) ? 1 : 0;
        }

        return day;
    }
}
