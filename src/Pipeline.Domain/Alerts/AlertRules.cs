namespace Pipeline.Domain.Alerts;

public enum AlertLevel
{
    Yellow,
    Orange,
    Red,
}

/// <summary>Days at which an alert turns yellow, orange and red.</summary>
public sealed record Thresholds(int Yellow, int Orange, int Red)
{
    /// <summary>Null when the thresholds are in order (0 ≤ yellow ≤ orange ≤ red), otherwise why not.</summary>
    public string? Problem() => Yellow < 0 || Orange < Yellow || Red < Orange
        ? Messages.ThresholdsMustRise
        : null;

    public AlertLevel? LevelAt(int days) =>
        days >= Red ? AlertLevel.Red : days >= Orange ? AlertLevel.Orange : days >= Yellow ? AlertLevel.Yellow : null;
}

/// <summary>
/// An alert rule. <c>Fallback</c> applies when the primary basis is missing (signedNotStarted counts from the planned
/// groundbreaking date when the contract has one, else from the signing date).
/// </summary>
public sealed record AlertRule(string Code, string Name, Thresholds Thresholds, Thresholds? Fallback, CalendarKind Calendar, bool Active);

public static class AlertRuleCodes
{
    public const string SignedNotStarted = "signedNotStarted";
    public const string SignedNoLand = "signedNoLand";
    public const string LandNotStarted = "landNotStarted";
    public const string StartedNotProducing = "startedNotProducing";
    public const string TalksIdle = "talksIdle";
    public const string ReviewPending = "reviewPending";
    public const string TripReportOverdue = "tripReportOverdue";
    public const string MonthlyUpdateMissing = "monthlyUpdateMissing";

    /// <summary>The rules and their default thresholds; an admin edits them through /api/alert-rules.</summary>
    public static readonly IReadOnlyList<AlertRule> Defaults =
    [
        new(SignedNotStarted, "签约未开工", new(0, 30, 90), new(60, 90, 180), CalendarKind.Natural, true),
        new(SignedNoLand, "签约未供地", new(60, 90, 180), null, CalendarKind.Natural, true),
        new(LandNotStarted, "供地未开工", new(90, 180, 365), null, CalendarKind.Natural, true),
        new(StartedNotProducing, "开工未投产", new(0, 90, 180), null, CalendarKind.Natural, true),
        new(TalksIdle, "洽谈无进展", new(60, 90, 180), null, CalendarKind.Natural, true),
        new(ReviewPending, "预审未决", new(15, 30, 60), null, CalendarKind.Natural, true),
        new(TripReportOverdue, "外出招商逾期未报告", new(0, 7, 15), null, CalendarKind.Natural, true),
        new(MonthlyUpdateMissing, "月度调度未填报", new(0, 10, 25), null, CalendarKind.Natural, true),
    ];

    public static string Chinese(this AlertLevel level) => level switch
    {
        AlertLevel.Yellow => "黄色",
        AlertLevel.Orange => "橙色",
        _ => "红色",
    };
}
