namespace Pipeline.Domain.Trips;

/// <summary>registered → completed (reported) | cancelled.</summary>
public enum TripStatus
{
    Registered,
    Completed,
    Cancelled,
}

/// <summary>
/// The rules of outbound trips (外出招商): registered before departure with concrete targets, reported within a
/// number of days after return, flagged when late, unreported or without results ("耗时间、凑天数").
/// </summary>
public static class TripRules
{
    /// <summary>On time when registered at least <paramref name="daysAhead"/> days before the start, counted in the city's days.</summary>
    public static bool IsOnTime(DateOnly registeredOn, DateOnly startOn, int daysAhead) => registeredOn <= startOn.AddDays(-daysAhead);

    public static DateOnly ReportDueOn(DateOnly endOn, int dueDays) => endOn.AddDays(dueDays);

    /// <summary>Calendar days away, both ends included.</summary>
    public static int Days(DateOnly startOn, DateOnly endOn) => endOn.DayNumber - startOn.DayNumber + 1;

    public static bool IsReportOverdue(TripStatus status, DateOnly reportDueOn, DateOnly today) =>
        status == TripStatus.Registered && today > reportDueOn;

    /// <summary>A completed trip that produced no visit or no lead.</summary>
    public static bool IsNoResult(TripStatus status, int visits, int leads) =>
        status == TripStatus.Completed && (visits == 0 || leads == 0);

    /// <summary>Null when the trip may be cancelled today, otherwise why not.</summary>
    public static string? CancelProblem(TripStatus status, DateOnly startOn, DateOnly today) => status switch
    {
        TripStatus.Cancelled => "The trip is cancelled already.",
        TripStatus.Completed => "A reported trip cannot be cancelled.",
        _ when today >= startOn => $"The trip started on {startOn:yyyy-MM-dd}; only a trip that has not started can be cancelled.",
        _ => null,
    };

    /// <summary>Null when the trip may be reported today, otherwise why not.</summary>
    public static string? ReportProblem(TripStatus status, DateOnly startOn, DateOnly today) => status switch
    {
        TripStatus.Cancelled => "A cancelled trip has nothing to report.",
        TripStatus.Completed => "The trip has been reported already.",
        _ when today < startOn => $"The trip starts on {startOn:yyyy-MM-dd}; report it once it has begun.",
        _ => null,
    };
}
