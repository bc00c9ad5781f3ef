using Pipeline.Domain.Alerts;

namespace Pipeline.Api.Features.Alerts;

/// <summary><c>AwaitingMyAnswer</c>: alerts the caller is responsible for with an instruction (督办) not yet answered (待我答复).</summary>
public sealed record AlertQuery(
    string? Status, string? Level, string? RuleCode, long? ProjectId, long? TripId, long? UnitId, bool? Mine, bool? AwaitingMyAnswer,
    int? Page, int? PageSize, string? Format);

/// <summary>The alerts not yet resolved, by level, and the newest red ones: the cockpit's view of what is on fire.</summary>
public sealed record AlertSummary(long Red, long Orange, long Yellow, IReadOnlyList<AlertDto> NewestRed);

public sealed record AcknowledgeAlert(string? Comment) : ICheckedRequest
{
    public void Check(Checks checks, DateOnly today) => checks.Text("comment", Comment, 1000, required: true);
}

public sealed record SnoozeAlert(DateOnly? Until, string? Reason) : ICheckedRequest
{
    public const int MaxDays = 30;

    public void Check(Checks checks, DateOnly today) => checks.Required("until", Until).Text("reason", Reason, 1000, required: true)
        .When(Until <= today, "until", Messages.AfterToday)
        .When(Until > today.AddDays(MaxDays), "until", Words.Format(Messages.SnoozeAtMostDays, MaxDays, today.AddDays(MaxDays)));
}

public sealed record ResolveAlert(string? Reason) : ICheckedRequest
{
    public void Check(Checks checks, DateOnly today) => checks.Text("reason", Reason, 1000, required: true);
}

public sealed record IssueInstruction(string? Text, DateOnly? DueOn) : ICheckedRequest
{
    public void Check(Checks checks, DateOnly today) => checks.Text("text", Text, 2000, required: true).Required("dueOn", DueOn)
        .When(DueOn < today, "dueOn", Messages.NotInPast);
}

public sealed record AlertComment(string? Text) : ICheckedRequest
{
    public void Check(Checks checks, DateOnly today) => checks.Text("text", Text, 2000, required: true);
}

public sealed record InstructionResponse(string? Text) : ICheckedRequest
{
    public void Check(Checks checks, DateOnly today) => checks.Text("text", Text, 2000, required: true);
}

/// <summary>An alert as stored; <c>Days</c> is counted when it is read, in the rule's calendar.</summary>
public class AlertDto : IVersioned
{
    public long Id { get; init; }

    public string RuleCode { get; init; } = "";

    public string RuleName { get; init; } = "";

    public AlertLevel Level { get; init; }

    public string Status { get; init; } = "";

    public long? ProjectId { get; init; }

    public long? TripId { get; init; }

    public string? SubjectName { get; init; }

    public DateOnly Since { get; init; }

    public int Days { get; set; }

    public CalendarKind Calendar { get; init; }

    public DateTime OpenedAt { get; init; }

    public DateTime? ResolvedAt { get; init; }

    public string? Resolution { get; init; }

    public string? ResolveReason { get; init; }

    public DateTime? AcknowledgedAt { get; init; }

    public long? AcknowledgedBy { get; init; }

    public string? AckComment { get; init; }

    public DateOnly? SnoozedUntil { get; init; }

    public string? SnoozeReason { get; init; }

    public long? ResponsibleUserId { get; init; }

    public string? ResponsibleName { get; init; }

    public long UnitId { get; init; }

    public string? UnitName { get; init; }

    public long? LeaderId { get; init; }

    public string? LeaderName { get; init; }

    /// <summary>An instruction (督办) past its due date without an answer.</summary>
    public bool HasOverdueInstruction { get; init; }

    public int Version { get; init; }

    public IReadOnlyList<AlertEvent>? History { get; set; }

    public IReadOnlyList<InstructionDto>? Instructions { get; set; }

    /// <summary>What the caller may do with this alert (read with one alert, not in lists).</summary>
    public AlertPermissions? Permissions { get; set; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsResponsible { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsLeader { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsUnitHead { get; init; }
}

public sealed class AlertEvent
{
    public DateTime At { get; init; }

    public string Event { get; init; } = "";

    public AlertLevel? Level { get; init; }

    public long? ByUserId { get; init; }

    public string? Note { get; init; }
}

public sealed class InstructionDto
{
    public long Id { get; init; }

    public string Text { get; init; } = "";

    public DateOnly DueOn { get; init; }

    public long IssuedBy { get; init; }

    public DateTime IssuedAt { get; init; }

    public string? IssuedByName { get; init; }

    public string? Response { get; init; }

    public long? RespondedBy { get; init; }

    public DateTime? RespondedAt { get; init; }

    public bool Overdue { get; set; }
}

public sealed class ScanDto
{
    public long Id { get; init; }

    public string Trigger { get; init; } = "";

    public long? RequestedBy { get; init; }

    public DateOnly ScanDate { get; init; }

    public DateTime StartedAt { get; init; }

    public DateTime? FinishedAt { get; init; }

    public int NewAlerts { get; init; }

    public int Escalated { get; init; }

    public int Resolved { get; init; }

    public int Notifications { get; init; }
}
