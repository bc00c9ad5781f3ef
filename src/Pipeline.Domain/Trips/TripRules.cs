namespace Pipeline.Domain.Trips;

/// <summary>registered → approved (by the unit's head) → completed (reported); registered → rejected; registered or approved → cancelled.</summary>
public enum TripStatus
{
    Registered,
    Approved,
    Completed,
    Cancelled,
    Rejected,
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
        status is TripStatus.Registered or TripStatus.Approved && today > reportDueOn;

    /// <summary>A trip not approved by the day it started, when trips need approval.</summary>
    public static bool IsNotApproved(DateOnly startOn, DateOnly? approvedOn, DateOnly today) =>
        approvedOn is { } approved ? approved > startOn : today >= startOn;

    /// <summary>Null when the trip may be approved or rejected, otherwise why not.</summary>
    public static string? ApprovalProblem(TripStatus status) => status switch
    {
        TripStatus.Registered => null,
        TripStatus.Approved => Messages.TripAlreadyApproved,
        TripStatus.Rejected => Messages.TripRejected,
        TripStatus.Cancelled => Messages.TripCancelled,
        _ => Messages.TripAlreadyReported,
    };

    /// <summary>A completed trip that produced no visit or no lead.</summary>
    public static bool IsNoResult(TripStatus status, int visits, int leads) =>
        status == TripStatus.Completed && (visits == 0 || leads == 0);

    /// <summary>Null when the trip may be cancelled today, otherwise why not.</summary>
    public static string? CancelProblem(TripStatus status, DateOnly startOn, DateOnly today) => status switch
    {
        TripStatus.Cancelled => Messages.TripAlreadyCancelled,
        TripStatus.Completed => Messages.TripReportedNotCancellable,
        TripStatus.Rejected => Messages.TripRejectedNotCancellable,
        _ when today >= startOn => Words.Format(Messages.TripStartedNotCancellable, startOn),
        _ => null,
    };

    /// <summary>Null when the trip may be reported today, otherwise why not; an unapproved trip is reported only where approval is off.</summary>
    public static string? ReportProblem(TripStatus status, DateOnly startOn, DateOnly today, bool approvalRequired) => status switch
    {
        TripStatus.Cancelled => Messages.TripCancelledNotReportable,
        TripStatus.Completed => Messages.TripAlreadyReported,
        TripStatus.Rejected => Messages.TripRejectedNotReportable,
        TripStatus.Registered when approvalRequired => Messages.TripNotApprovedNotReportable,
        _ when today < startOn => Words.Format(Messages.TripNotStartedNotReportable, startOn),
        _ => null,
    };
}
