namespace Pipeline.Api.Features.Calendar;

public sealed class CalendarDayDto
{
    public DateOnly Day { get; init; }

    public bool IsWorkingDay { get; init; }

    public string? Name { get; init; }
}

/// <summary>The official holiday calendar's exceptions to the week: holidays on weekdays and worked weekends (调休).</summary>
public static class CalendarStore
{
    /// <summary>Every exception: true for a worked weekend, false for a holiday.</summary>
    public static async Task<IReadOnlyDictionary<DateOnly, bool>> ExceptionsAsync(DbSession session) =>
        (await session.QueryAsync<CalendarDayDto>("SELECT day, is_working_day, name FROM calendar_days")).ToDictionary(d => d.Day, d => d.IsWorkingDay);

    public static Task<IReadOnlyList<CalendarDayDto>> DaysAsync(DbSession session, DateOnly from, DateOnly to) =>
        session.QueryAsync<CalendarDayDto>("SELECT day, is_working_day, name FROM calendar_days WHERE day >= @from AND day < @to ORDER BY day", new { from, to });

    public static Task PutAsync(DbSession session, DateOnly day, bool isWorkingDay, string? name) =>
        session.ExecuteAsync(d => d.Upsert("calendar_days", ["day"],
            new Dictionary<string, string> { ["day"] = "@day", ["is_working_day"] = "@isWorkingDay", ["name"] = "@name" }, "is_working_day", "name"),
            new { day, isWorkingDay, name });

    public static async Task<bool> ClearAsync(DbSession session, DateOnly day) =>
        await session.ExecuteAsync("DELETE FROM calendar_days WHERE day = @day", new { day }) > 0;
}
