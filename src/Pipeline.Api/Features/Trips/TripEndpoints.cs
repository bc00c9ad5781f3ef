using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Pipeline.Api.Data;
using Pipeline.Api.Features.Audit;
using Pipeline.Api.Features.Units;
using Pipeline.Api.Hosting;
using Pipeline.Domain.Accounts;
using Pipeline.Domain.Trips;

namespace Pipeline.Api.Features.Trips;

/// <summary>Outbound trips: registered before departure (报备), reported after return, cancelled before they start.</summary>
public static class TripEndpoints
{
    public static void MapTrips(this IEndpointRouteBuilder app)
    {
        var trips = app.MapGroup("/api/trips").WithTags("Trips");
        trips.MapGet("", List);
        trips.MapGet("/{id:long}", Get).WithName("GetTrip");
        var staff = trips.MapGroup("").RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Staff));
        staff.MapPost("", Register);
        staff.MapPost("/{id:long}/report", Report);
        staff.MapPost("/{id:long}/cancel", Cancel);
    }

    private static Task<Results<Ok<Paged<TripSummary>>, ProblemHttpResult>> List(
        [AsParameters] TripQuery query, Caller caller, Db db, BusinessClock clock, CancellationToken ct)
    {
        var checks = new Checks().When(query.From > query.To, "from", "Must not be after 'to'.");
        var status = checks.Enum<TripStatus>("status", query.Status);
        return Responses.PageAsync(db, query.Page, query.PageSize,
            (session, page) => TripStore.ListAsync(session, query, status?.ToCode(), caller, clock.Today, page.Skip, page.Take),
            ct, checks);
    }

    private static async Task<Results<Ok<TripDto>, ProblemHttpResult>> Get(
        long id, Caller caller, Db db, BusinessClock clock, HttpResponse response, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        return Responses.Found(await TripStore.FindAsync(session, id, caller, clock.Today), response, NotFoundMessage(id));
    }

    private static async Task<Results<CreatedAtRoute<TripDto>, ProblemHttpResult>> Register(
        RegisterTrip request, Caller caller, Db db, AuditLog audit, BusinessClock clock, IOptions<TripOptions> options,
        HttpResponse response, CancellationToken ct)
    {
        var today = clock.Today;
        var unitId = request.UnitId ?? caller.UnitId;
        var targets = request.Targets ?? [];
        var participants = request.ParticipantIds is { Count: > 0 } given ? given : [caller.Id];
        var checks = new Checks()
            .Text("purpose", request.Purpose, 500, required: true)
            .Text("destination", request.Destination, 200, required: true)
            .Required("startOn", request.StartOn)
            .Required("endOn", request.EndOn)
            .When(request.EndOn < request.StartOn, "endOn", "Must not be before startOn.")
            .Text("lateReason", request.LateReason, 1000)
            .When(unitId is null, "unitId", "Which unit is travelling? Give unitId.")
            .When(targets.Count == 0, "targets",
                "A trip needs at least one concrete target: a company, a lead, a project, or the name of a company to visit (外出招商须有明确目标).");
        for (var i = 0; i < targets.Count; i++)
        {
            var t = targets[i];
            var kinds = (t.CompanyId is null ? 0 : 1) + (t.LeadId is null ? 0 : 1) + (t.ProjectId is null ? 0 : 1) + (string.IsNullOrWhiteSpace(t.Name) ? 0 : 1);
            checks.When(kinds != 1, $"targets[{i}]", "Give exactly one of companyId, leadId, projectId or name.")
                .Text($"targets[{i}].name", t.Name, 200);
        }

        if (!checks.Ok)
        {
            return checks.Problem();
        }

        await using var session = await db.BeginAsync(ct);
        await new ReferenceCheck()
            .Row("unitId", "units", unitId, $"There is no unit {unitId}.")
            .ActiveUsers("participantIds", participants, "Every participant must be an active user.")
            .Leader("leaderId", request.LeaderId)
            .Rows("targets", "companies", targets.Where(t => t.CompanyId is not null).Select(t => t.CompanyId!.Value), "A target company does not exist.")
            .Rows("targets", "leads", targets.Where(t => t.LeadId is not null).Select(t => t.LeadId!.Value), "A target lead does not exist.")
            .Rows("targets", "projects", targets.Where(t => t.ProjectId is not null).Select(t => t.ProjectId!.Value), "A target project does not exist.")
            .CheckAsync(session, checks);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        if (!caller.IsAdmin && !(caller.UnitId is { } own && await UnitStore.IsWithinAsync(session, unitId!.Value, own)))
        {
            return Problems.Forbidden("You can register trips only for your own unit or its sub-units.");
        }

        var startOn = request.StartOn!.Value;
        var daysAhead = options.Value.RegisterDaysAhead;
        var onTime = TripRules.IsOnTime(today, startOn, daysAhead);
        if (!onTime && string.IsNullOrWhiteSpace(request.LateReason))
        {
            return Problems.Conflict("trip.lateRegistration",
                $"Trips are registered (报备) at least {daysAhead} day(s) before departure; this one starts on {startOn:yyyy-MM-dd}. " +
                "Give a lateReason to register it late; it will be flagged as late.");
        }

        var endOn = request.EndOn!.Value;
        var id = await TripStore.InsertAsync(session, new NewTrip(
            unitId!.Value, request.Purpose!.Trim(), request.Destination!.Trim(), startOn, endOn, TripRules.Days(startOn, endOn), request.LeaderId,
            today, !onTime, onTime ? null : request.LateReason!.Trim(), TripRules.ReportDueOn(endOn, options.Value.ReportDueDays), caller.Id,
            participants, targets), clock.UtcNow);
        await audit.WriteAsync(session, "register", "trip", id, $"{request.Destination} {startOn:yyyy-MM-dd}–{endOn:yyyy-MM-dd}{(onTime ? "" : " (late)")}");
        var trip = (await TripStore.FindAsync(session, id, caller, today))!;
        await session.CommitAsync();
        ETags.Set(response, trip.Version);
        return TypedResults.CreatedAtRoute(trip, "GetTrip", new { id });
    }

    private static async Task<Results<Ok<TripDto>, ProblemHttpResult>> Report(
        long id, TripReport request, Caller caller, Db db, AuditLog audit, BusinessClock clock, CancellationToken ct)
    {
        var visits = request.Visits ?? [];
        var leadIds = (request.LeadIds ?? []).Distinct().ToList();
        var checks = new Checks().Text("summary", request.Summary, 4000, required: true);
        for (var i = 0; i < visits.Count; i++)
        {
            var v = visits[i];
            checks.When((v.CompanyId is null) == string.IsNullOrWhiteSpace(v.CompanyName), $"visits[{i}]", "Give exactly one of companyId or companyName.")
                .Required($"visits[{i}].on", v.On)
                .Text($"visits[{i}].metWith", v.MetWith, 200, required: true)
                .Text($"visits[{i}].outcome", v.Outcome, 2000, required: true)
                .Text($"visits[{i}].companyName", v.CompanyName, 200);
        }

        if (!checks.Ok)
        {
            return checks.Problem();
        }

        var today = clock.Today;
        await using var session = await db.BeginAsync(ct);
        var (trip, problem) = await FindForChangeAsync(session, id, caller, today);
        if (trip is null)
        {
            return problem!;
        }

        if (TripRules.ReportProblem(trip.Status, trip.StartOn, today) is { } refusal)
        {
            return Problems.Conflict("trip.notReportable", refusal);
        }

        for (var i = 0; i < visits.Count; i++)
        {
            checks.When(visits[i].On < trip.StartOn || visits[i].On > trip.EndOn, $"visits[{i}].on",
                $"Must be within the trip, {trip.StartOn:yyyy-MM-dd} to {trip.EndOn:yyyy-MM-dd}.");
        }

        await new ReferenceCheck()
            .Rows("visits", "companies", visits.Where(v => v.CompanyId is not null).Select(v => v.CompanyId!.Value), "A visited company does not exist.")
            .CheckAsync(session, checks);
        var leadArgs = new DynamicParameters(new { leadIds, id });
        var leads = await session.QueryAsync<(long Id, long? TripId)>(
            d => $"SELECT l.id, l.trip_id FROM leads l WHERE l.id {d.InList("@leadIds")} AND {UnitScope.Read(caller, leadArgs, "l.unit_id") ?? "1 = 1"}", leadArgs);
        checks.When(leads.Count != leadIds.Count, "leadIds", "Every lead must exist and be one you can see.");
        foreach (var other in leads.Where(l => l.TripId is not null && l.TripId != id))
        {
            checks.Add("leadIds", $"Lead {other.Id} came out of trip {other.TripId}.");
        }

        if (!checks.Ok)
        {
            return checks.Problem();
        }

        var updated = await session.ExecuteAsync("""
            UPDATE trips SET status = 'completed', reported_on = @today, report_summary = @Summary, version = version + 1, updated_at = @Now
            WHERE id = @id AND status = 'registered'
            """, new { id, today, Summary = request.Summary!.Trim(), Now = clock.UtcNow });
        if (updated == 0)
        {
            return Problems.Conflict("trip.notReportable", "The trip was reported or cancelled a moment ago.");
        }

        await session.ExecuteAsync("""
            INSERT INTO trip_visits (trip_id, company_id, company_name, on_date, met_with, outcome) VALUES (@id, @CompanyId, @CompanyName, @On, @MetWith, @Outcome)
            """, visits.Select(v => new { id, v.CompanyId, CompanyName = v.CompanyName?.Trim(), v.On, MetWith = v.MetWith!.Trim(), Outcome = v.Outcome!.Trim() }));
        await session.ExecuteAsync(d => $"UPDATE leads SET trip_id = @id WHERE id {d.InList("@leadIds")}", new { id, leadIds });
        await audit.WriteAsync(session, "report", "trip", id, $"{visits.Count} visit(s), {leadIds.Count} lead(s)");
        var reported = (await TripStore.FindAsync(session, id, caller, today))!;
        await session.CommitAsync();
        return TypedResults.Ok(reported);
    }

    private static async Task<Results<Ok<TripDto>, ProblemHttpResult>> Cancel(
        long id, CancelTrip request, Caller caller, Db db, AuditLog audit, BusinessClock clock, CancellationToken ct)
    {
        var checks = new Checks().Text("reason", request.Reason, 1000);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        var today = clock.Today;
        await using var session = await db.BeginAsync(ct);
        var (trip, problem) = await FindForChangeAsync(session, id, caller, today);
        if (trip is null)
        {
            return problem!;
        }

        if (TripRules.CancelProblem(trip.Status, trip.StartOn, today) is { } refusal)
        {
            return Problems.Conflict("trip.notCancellable", refusal);
        }

        await session.ExecuteAsync("""
            UPDATE trips SET status = 'cancelled', cancelled_on = @today, cancel_reason = @Reason, version = version + 1, updated_at = @Now
            WHERE id = @id AND status = 'registered'
            """, new { id, today, Reason = request.Reason?.Trim(), Now = clock.UtcNow });
        await audit.WriteAsync(session, "cancel", "trip", id, request.Reason);
        var cancelled = (await TripStore.FindAsync(session, id, caller, today))!;
        await session.CommitAsync();
        return TypedResults.Ok(cancelled);
    }

    private static async Task<(TripDto? Trip, ProblemHttpResult? Problem)> FindForChangeAsync(DbSession session, long id, Caller caller, DateOnly today)
    {
        var trip = await TripStore.FindAsync(session, id, caller, today);
        if (trip is null)
        {
            return (null, Problems.NotFound(NotFoundMessage(id)));
        }

        return await TripStore.CanWriteAsync(session, id, caller)
            ? (trip, null)
            : (null, Problems.Forbidden("You may read this trip but not change it: it belongs to another unit."));
    }

    private static string NotFoundMessage(long id) => $"There is no trip {id}, or it is outside what you may see.";

}
