using Pipeline.Domain.Alerts;
using Pipeline.Domain.Dispatch;
using Pipeline.Domain.Projects;

namespace Pipeline.Api.Features.Dispatch;

/// <summary><c>Pipeline:Dispatch</c>: the monthly 调度.</summary>
public sealed class DispatchOptions : ISettings
{
    public static string Section => "Pipeline:Dispatch";

    /// <summary>The day of the following month by which a month's update is due.</summary>
    public int DueDay { get; set; } = 5;

    public IEnumerable<string> Problems()
    {
        if (DueDay is < 1 or > 28)
        {
            yield return $"{Section}:DueDay must be a day from 1 to 28, so that every month has it (it is {DueDay}).";
        }
    }
}

public sealed record MatterInput(string? Text);

/// <summary>本月进展, 存在问题, 下步计划, 需协调事项 and the month's actual investment (万元).</summary>
public sealed record FileUpdate(string? Month, string? Progress, string? Problems, string? NextSteps, IReadOnlyList<MatterInput>? Matters, decimal? Investment)
    : ICheckedRequest
{
    public DateOnly? MonthStart => MonthlyUpdates.ParseMonth(Month);

    public void Check(Checks checks, DateOnly today)
    {
        checks.Required("month", Month).Text("progress", Progress, 4000, required: true).Text("problems", Problems, 4000)
            .Text("nextSteps", NextSteps, 4000, required: true).Quantity("investment", Investment, allowZero: true)
            .When(Month is not null && MonthStart is null, "month", Messages.MonthFormat)
            .When(MonthStart > MonthlyUpdates.MonthOf(today), "month", Messages.MonthBegun);
        var matters = Matters ?? [];
        for (var i = 0; i < matters.Count; i++)
        {
            checks.Text($"matters[{i}].text", matters[i].Text, 2000, required: true);
        }
    }
}

public sealed record UpdateDto(
    long Id, long ProjectId, string? ProjectName, string Month, string Progress, string? Problems, string NextSteps, decimal? Investment,
    DateOnly DueOn, DateOnly FiledOn, bool Late, long FiledBy, string? FiledByName, DateTime FiledAt, IReadOnlyList<MatterDto> Matters);

/// <summary>A project that owed an update for the month, with whether it came.</summary>
public sealed class UpdateStatus
{
    public long ProjectId { get; init; }

    public string ProjectName { get; init; } = "";

    public long UnitId { get; init; }

    public string? UnitName { get; init; }

    public Stage Stage { get; init; }

    public long? ResponsiblePersonId { get; init; }

    public string? ResponsiblePersonName { get; init; }

    public DateOnly DueOn { get; init; }

    public long? UpdateId { get; init; }

    public DateOnly? FiledOn { get; init; }

    /// <summary>Past its due day and not filed.</summary>
    public bool Missing { get; init; }

    public bool Late { get; init; }
}

public sealed record UpdateQuery(string? Month, long? UnitId, bool? Missing, int? Page, int? PageSize);

/// <summary>raised → assigned → answered → closed.</summary>
public enum MatterStatus
{
    Raised,
    Assigned,
    Answered,
    Closed,
}

public static class MatterStatusNames
{
    /// <summary>The status as people call it in the request's language: 已交办 in Chinese, the API's value in English.</summary>
    public static string Name(this MatterStatus status) => status switch
    {
        MatterStatus.Raised => Messages.MatterStatusRaised,
        MatterStatus.Assigned => Messages.MatterStatusAssigned,
        MatterStatus.Answered => Messages.MatterStatusAnswered,
        _ => Messages.MatterStatusClosed,
    };
}

public sealed record MatterDto(
    long Id, long ProjectId, string? ProjectName, long UpdateId, string Text, MatterStatus Status, long? LeaderId, string? LeaderName,
    long? UnitId, string? UnitName, DateOnly? DueOn, bool Overdue, string? Answer, DateTime RaisedAt, DateTime? AnsweredAt, DateTime? ClosedAt, int Version)
    : IVersioned;

public sealed record MatterQuery(string? Status, bool? Mine, long? ProjectId, bool? Overdue, int? Page, int? PageSize);

public sealed record AssignMatter(long? UnitId, DateOnly? DueOn) : ICheckedRequest
{
    public void Check(Checks checks, DateOnly today) =>
        checks.Required("unitId", UnitId).Required("dueOn", DueOn).When(DueOn < today, "dueOn", Messages.NotInPast);
}

public sealed record AnswerMatter(string? Text) : ICheckedRequest
{
    public void Check(Checks checks, DateOnly today) => checks.Text("text", Text, 4000, required: true);
}

public sealed record DispatchSheetQuery(string? Month, long? UnitId, string? Format);

/// <summary>One project's line in the 调度表.</summary>
public sealed class DispatchLine
{
    public long ProjectId { get; init; }

    public string ProjectName { get; init; } = "";

    public long UnitId { get; init; }

    public string UnitName { get; init; } = "";

    public Stage Stage { get; init; }

    public string StageName => Stage.Chinese();

    public DateOnly? SignedOn { get; init; }

    public int? DaysSinceSigning { get; init; }

    public string? ResponsiblePersonName { get; init; }

    public string? LeaderName { get; init; }

    public bool UpdateFiled { get; init; }

    public string? Progress { get; init; }

    public string? Problems { get; init; }

    public string? NextSteps { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public long? InvestmentStored { get; init; }

    public decimal? Investment => Quantities.FromStored(InvestmentStored);

    public int OpenAlerts { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public int? HighestAlertRank { get; init; }

    public AlertLevel? HighestAlertLevel => HighestAlertRank is { } rank ? (AlertLevel)(rank - 1) : null;

    public int OpenMatters { get; init; }

    public int OverdueMatters { get; init; }
}

public sealed record DispatchSheet(string Month, DateOnly DueOn, DateOnly AsOf, IReadOnlyList<DispatchLine> Lines);
