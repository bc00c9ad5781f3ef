using Pipeline.Domain.Trips;

namespace Pipeline.Api.Features.Trips;

/// <summary><c>Pipeline:Trips</c>.</summary>
public sealed class TripOptions : ISettings
{
    public static string Section => "Pipeline:Trips";

    /// <summary>A trip registered fewer days than this before it starts is late.</summary>
    public int RegisterDaysAhead { get; set; } = 1;

    /// <summary>Days after the trip ends by which its report is due.</summary>
    public int ReportDueDays { get; set; } = 15;

    /// <summary>A trip is approved by its unit's head before it starts (registered → approved → completed).</summary>
    public bool ApprovalRequired { get; set; } = true;

    public IEnumerable<string> Problems()
    {
        if (RegisterDaysAhead < 0)
        {
            yield return $"{Section}:RegisterDaysAhead must not be negative (it is {RegisterDaysAhead}).";
        }

        if (ReportDueDays < 1)
        {
            yield return $"{Section}:ReportDueDays must be at least 1 (it is {ReportDueDays}).";
        }
    }
}

/// <summary>One of: a known company, a lead, a project, or a company known only by name.</summary>
public sealed record TripTarget
{
    public long? CompanyId { get; init; }

    public long? LeadId { get; init; }

    public long? ProjectId { get; init; }

    public string? Name { get; init; }
}

public sealed record RegisterTrip(
    string? Purpose, string? Destination, DateOnly? StartOn, DateOnly? EndOn, IReadOnlyList<long>? ParticipantIds, long? LeaderId,
    IReadOnlyList<TripTarget>? Targets, string? LateReason, long? UnitId) : ICheckedRequest
{
    public void Check(Checks checks, DateOnly today)
    {
        var targets = Targets ?? [];
        checks.Text("purpose", Purpose, 500, required: true)
            .Text("destination", Destination, 200, required: true)
            .Required("startOn", StartOn)
            .Required("endOn", EndOn)
            .When(EndOn < StartOn, "endOn", Words.Format(Messages.NotBefore, "startOn"))
            .Text("lateReason", LateReason, 1000)
            .When(targets.Count == 0, "targets", Messages.TripTargetsRequired);
        for (var i = 0; i < targets.Count; i++)
        {
            var t = targets[i];
            var kinds = (t.CompanyId is null ? 0 : 1) + (t.LeadId is null ? 0 : 1) + (t.ProjectId is null ? 0 : 1) + (string.IsNullOrWhiteSpace(t.Name) ? 0 : 1);
            checks.When(kinds != 1, $"targets[{i}]", Messages.TripTargetOneKind)
                .Text($"targets[{i}].name", t.Name, 200);
        }
    }
}

/// <summary>A meeting with a company during the trip (走访).</summary>
public sealed record TripVisit
{
    public long? CompanyId { get; init; }

    public string? CompanyName { get; init; }

    public DateOnly? On { get; init; }

    public string? MetWith { get; init; }

    public string? Outcome { get; init; }
}

public sealed record TripReport(IReadOnlyList<TripVisit>? Visits, IReadOnlyList<long>? LeadIds, string? Summary) : ICheckedRequest
{
    public void Check(Checks checks, DateOnly today)
    {
        var visits = Visits ?? [];
        checks.Text("summary", Summary, 4000, required: true);
        for (var i = 0; i < visits.Count; i++)
        {
            var v = visits[i];
            checks.When((v.CompanyId is null) == string.IsNullOrWhiteSpace(v.CompanyName), $"visits[{i}]", Messages.TripVisitOneCompany)
                .Required($"visits[{i}].on", v.On)
                .Text($"visits[{i}].metWith", v.MetWith, 200, required: true)
                .Text($"visits[{i}].outcome", v.Outcome, 2000, required: true)
                .Text($"visits[{i}].companyName", v.CompanyName, 200);
        }
    }
}

public sealed record TripDecision(string? Comment) : ICheckedRequest
{
    public void Check(Checks checks, DateOnly today) => checks.Text("comment", Comment, 1000);
}

public sealed record CancelTrip(string? Reason) : ICheckedRequest
{
    public void Check(Checks checks, DateOnly today) => checks.Text("reason", Reason, 1000);
}

public sealed record TripQuery(long? UnitId, DateOnly? From, DateOnly? To, string? Status, int? Page, int? PageSize, string? Format);

/// <summary>A trip with the flags leaders look for: registered late, report overdue, no result.</summary>
public class TripSummary : IVersioned
{
    public long Id { get; init; }

    public long UnitId { get; init; }

    public string? UnitName { get; init; }

    public string Purpose { get; init; } = "";

    public string Destination { get; init; } = "";

    public DateOnly StartOn { get; init; }

    public DateOnly EndOn { get; init; }

    public int Days { get; init; }

    public long? LeaderId { get; init; }

    public TripStatus Status { get; init; }

    public DateOnly RegisteredOn { get; init; }

    public bool Late { get; init; }

    public string? LateReason { get; init; }

    public DateOnly ReportDueOn { get; init; }

    public DateOnly? ReportedOn { get; init; }

    public bool ReportOverdue { get; init; }

    /// <summary>Not approved by the unit's head by the day it started (where trips need approval).</summary>
    public bool NotApproved { get; init; }

    public long? ApprovedBy { get; init; }

    public DateOnly? ApprovedOn { get; init; }

    public string? ApprovalComment { get; init; }

    public bool NoResult { get; init; }

    public int Participants { get; init; }

    public int Visits { get; init; }

    public int Leads { get; init; }

    public int Version { get; init; }
}

public sealed class TripDto : TripSummary
{
    public IReadOnlyList<long> ParticipantIds { get; set; } = [];

    public IReadOnlyList<TripTarget> Targets { get; set; } = [];

    public IReadOnlyList<TripVisit> VisitList { get; set; } = [];

    public IReadOnlyList<long> LeadIds { get; set; } = [];

    public string? ReportSummary { get; init; }

    public DateOnly? CancelledOn { get; init; }

    public string? CancelReason { get; init; }
}
