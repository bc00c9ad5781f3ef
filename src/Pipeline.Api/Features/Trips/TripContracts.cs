using Pipeline.Api.Hosting;
using Pipeline.Domain.Trips;

namespace Pipeline.Api.Features.Trips;

/// <summary><c>Pipeline:Trips</c>.</summary>
public sealed class TripOptions
{
    public const string Section = "Pipeline:Trips";

    /// <summary>A trip registered fewer days than this before it starts is late.</summary>
    public int RegisterDaysAhead { get; set; } = 1;

    /// <summary>Days after the trip ends by which its report is due.</summary>
    public int ReportDueDays { get; set; } = 15;
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
    IReadOnlyList<TripTarget>? Targets, string? LateReason, long? UnitId);

/// <summary>A meeting with a company during the trip (走访).</summary>
public sealed record TripVisit
{
    public long? CompanyId { get; init; }

    public string? CompanyName { get; init; }

    public DateOnly? On { get; init; }

    public string? MetWith { get; init; }

    public string? Outcome { get; init; }
}

public sealed record TripReport(IReadOnlyList<TripVisit>? Visits, IReadOnlyList<long>? LeadIds, string? Summary);

public sealed record CancelTrip(string? Reason);

public sealed record TripQuery(long? UnitId, DateOnly? From, DateOnly? To, string? Status, int? Page, int? PageSize);

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
