namespace Pipeline.Domain.Dispatch;

/// <summary>
/// 月度调度: the responsible person files one update per project and month, due by a day of the following month
/// (<c>Pipeline:Dispatch:DueDay</c>, the 5th by default), counted in the city's days.
/// </summary>
public static class MonthlyUpdates
{
    /// <summary>The first day of the month <paramref name="day"/> falls in: how a month is kept.</summary>
    public static DateOnly MonthOf(DateOnly day) => new(day.Year, day.Month, 1);

    public static DateOnly LastDay(DateOnly month) => month.AddMonths(1).AddDays(-1);

    /// <summary>The day by which the update for <paramref name="month"/> is due: <paramref name="dueDay"/> of the next month (its last day when shorter).</summary>
    public static DateOnly DueOn(DateOnly month, int dueDay)
    {
        var next = MonthOf(month).AddMonths(1);
        return next.AddDays(Math.Min(dueDay, DateTime.DaysInMonth(next.Year, next.Month)) - 1);
    }

    /// <summary>The latest month whose update is overdue on <paramref name="today"/>: last month once its due day has passed, else the month before.</summary>
    public static DateOnly LatestOverdueMonth(DateOnly today, int dueDay)
    {
        var last = MonthOf(today).AddMonths(-1);
        return today > DueOn(last, dueDay) ? last : last.AddMonths(-1);
    }

    /// <summary>The months from <paramref name="from"/> to <paramref name="to"/> whose updates were due by <paramref name="asOf"/>.</summary>
    public static IReadOnlyList<DateOnly> DueMonths(DateOnly from, DateOnly to, DateOnly asOf, int dueDay)
    {
        var months = new List<DateOnly>();
        for (var month = MonthOf(from); month <= to; month = month.AddMonths(1))
        {
            if (DueOn(month, dueDay) < asOf)
            {
                months.Add(month);
            }
        }

        return months;
    }

    /// <summary>A month as people write it in a form or a ledger: yyyy-MM.</summary>
    /// <summary>A month written yyyy-MM, or a date (yyyy-MM-dd) standing for its month: the month's first day, or null.</summary>
    public static DateOnly? ParseMonthOrDay(string? text) =>
        text is { Length: 10 } && DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out var day) ? MonthOf(day) : ParseMonth(text?.Trim());

    public static DateOnly? ParseMonth(string? text) =>
        text is { Length: 7 } && DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out var month) ? month : null;
}
