using Pipeline.Api.Features.Leads;
using Pipeline.Api.Features.Units;
using Pipeline.Domain.Trips;

namespace Pipeline.Api.Features.Trips;

/// <summary>Outbound trips: registered before departure (报备), reported after return, cancelled before they start.</summary>
public static class TripEndpoints
{
    public static void AddTrips(this WebApplicationBuilder builder) => builder.Services.AddSettings<TripOptions>();

    public static void MapTrips(this RouteGroupBuilder api)
    {
        var trips = api.MapGroup("/trips").WithTags("Trips");
        trips.MapGet("", List).WithDataVersion().WithSummary("查询外出招商");
        trips.MapGet("/{id:long}", Get).WithSummary("查看外出招商").WithName("GetTrip");
        var staff = trips.MapGroup("").RequireAuthorization(Policies.UnitWork);
        staff.MapPost("", Register).WithSummary("报备外出招商");
        staff.MapPost("/{id:long}/report", Report).WithSummary("报告外出招商成果");
        staff.MapPost("/{id:long}/cancel", Cancel).WithSummary("取消外出招商");
        staff.MapPost("/{id:long}/approve", (long id, TripDecision request, [AsParameters] ApiContext ctx, IOptions<TripOptions> options) =>
            DecideAsync(id, approve: true, request, ctx, options.Value)).WithSummary("批准外出招商");
        staff.MapPost("/{id:long}/reject", (long id, TripDecision request, [AsParameters] ApiContext ctx, IOptions<TripOptions> options) =>
            DecideAsync(id, approve: false, request, ctx, options.Value)).WithSummary("驳回外出招商");
    }

    /// <summary>The trip sheet (外出招商).</summary>
    public static readonly Columns<TripSummary> Sheet = new Columns<TripSummary>()
        .Text("外出事由", t => t.Purpose, 28)
        .Text("目的地", t => t.Destination, 14)
        .Text("单位", t => t.UnitName, 18)
        .Date("出发日期", t => t.StartOn)
        .Date("返回日期", t => t.EndOn)
        .Count("天数", t => t.Days)
        .Count("人数", t => t.Participants)
        .Text("状态", t => t.Status.Chinese(), 8)
        .Date("登记日期", t => t.RegisteredOn)
        .YesNo("迟报", t => t.Late)
        .Text("迟报原因", t => t.LateReason, 20)
        .YesNo("未按时审批", t => t.NotApproved)
        .Date("报告期限", t => t.ReportDueOn)
        .Date("报告日期", t => t.ReportedOn)
        .YesNo("逾期未报告", t => t.ReportOverdue)
        .Count("走访企业", t => t.Visits)
        .Count("线索", t => t.Leads)
        .YesNo("无成果", t => t.NoResult);

    private static Task<Results<Ok<Paged<TripSummary>>, FileStreamHttpResult, ProblemHttpResult>> List(
        [AsParameters] TripQuery query, [AsParameters] ApiContext ctx, IOptions<TripOptions> options)
    {
        var checks = new Checks().When(query.From > query.To, "from", Words.Format(Messages.NotAfter, "to"));
        var status = checks.Enum<TripStatus>("status", query.Status);
        var (today, approval) = (ctx.Clock.Today, options.Value.ApprovalRequired);
        var period = query.From is { } from && query.To is { } to ? Excel.Period(from, to) : null;
        return Responses.ListAsync(ctx.Db, query.Format, query.Page, query.PageSize,
            (session, page) => TripStore.ListAsync(session, query, status?.ToCode(), ctx.Caller, today, approval, page.Skip, page.Take),
            session => Excel.FileAsync($"外出招商-{today:yyyyMMdd}.xlsx", ctx.Ct, new Sheet<TripSummary>("外出招商", Excel.Title("外出招商登记", period, today), Sheet,
                TripStore.Export(session, query, status?.ToCode(), ctx.Caller, today, approval))),
            ctx.Ct, checks);
    }

    private static Task<Results<Ok<TripDto>, ProblemHttpResult>> Get(
        long id, [AsParameters] ApiContext ctx, IOptions<TripOptions> options, HttpResponse response) =>
        Responses.FoundAsync(ctx.Db, session => TripStore.FindAsync(session, id, ctx.Caller, ctx.Clock.Today, options.Value.ApprovalRequired), response, () => NotFoundMessage(id), ctx.Ct);

    private static async Task<Results<CreatedAtRoute<TripDto>, ProblemHttpResult>> Register(
        RegisterTrip request, [AsParameters] ApiContext ctx, IOptions<TripOptions> options, HttpResponse response)
    {
        var (caller, today) = (ctx.Caller, ctx.Clock.Today);
        var unitId = request.UnitId ?? caller.UnitId;
        if (unitId is null)
        {
            return Problems.Invalid("unitId", Messages.TripUnitRequired);
        }

        var targets = request.Targets!;
        var participants = request.ParticipantIds is { Count: > 0 } given ? given : [caller.Id];
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        var checks = new Checks();
        // A lead or project the caller cannot see answers exactly as one that does not exist, so ids cannot be probed.
        var references = new ReferenceCheck();
        await references
            .Row("unitId", "units", unitId, Words.Format(Messages.UnitNotFound, unitId))
            .ActiveUsers("participantIds", participants, Messages.TripParticipantsActive)
            .Leader("leaderId", request.LeaderId)
            .Rows("targets", "companies", targets.Where(t => t.CompanyId is not null).Select(t => t.CompanyId!.Value), Messages.TripTargetCompanyNotFound)
            .Rows("targets", "leads", targets.Where(t => t.LeadId is not null).Select(t => t.LeadId!.Value), Messages.TripTargetLeadNotFound,
                Units.UnitScope.Read(caller, references.Args, "r.unit_id") ?? "1 = 1")
            .Rows("targets", "projects", targets.Where(t => t.ProjectId is not null).Select(t => t.ProjectId!.Value), Messages.TripTargetProjectNotFound,
                Projects.ProjectScope.Read(caller, references.Args, "r.responsible_unit_id", "r.stage") ?? "1 = 1")
            .CheckAsync(session, checks);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        if (!caller.IsAdmin && !(caller.UnitId is { } own && await UnitStore.IsWithinAsync(session, unitId.Value, own)))
        {
            return Problems.Forbidden(Messages.TripRegisterOwnUnit);
        }

        var startOn = request.StartOn!.Value;
        var daysAhead = options.Value.RegisterDaysAhead;
        var onTime = TripRules.IsOnTime(today, startOn, daysAhead);
        if (!onTime && string.IsNullOrWhiteSpace(request.LateReason))
        {
            return Problems.Conflict("trip.lateRegistration", Words.Format(Messages.TripLateRegistration, daysAhead, startOn));
        }

        var endOn = request.EndOn!.Value;
        var id = await TripStore.InsertAsync(session, new NewTrip(
            unitId.Value, request.Purpose!.Trim(), request.Destination!.Trim(), startOn, endOn, TripRules.Days(startOn, endOn), request.LeaderId,
            today, !onTime, onTime ? null : request.LateReason!.Trim(), TripRules.ReportDueOn(endOn, options.Value.ReportDueDays), caller.Id,
            participants, targets), ctx.Clock.UtcNow);
        await ctx.Audit.WriteAsync(session, "register", "trip", id, $"{request.Destination} {startOn:yyyy-MM-dd}–{endOn:yyyy-MM-dd}{(onTime ? "" : " (late)")}");
        var trip = (await TripStore.FindAsync(session, id, caller, today, options.Value.ApprovalRequired))!;
        return await Responses.CommitCreatedAsync(session, response, trip, "GetTrip", new { id });
    }

    private static async Task<Results<Ok<TripDto>, ProblemHttpResult>> Report(
        long id, TripReport request, [AsParameters] ApiContext ctx, IOptions<TripOptions> options)
    {
        var visits = request.Visits ?? [];
        var leadIds = (request.LeadIds ?? []).Distinct().ToList();
        var (today, approval) = (ctx.Clock.Today, options.Value.ApprovalRequired);
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        var trip = await TripStore.FindAsync(session, id, ctx.Caller, today, approval);
        if (await ChangeRefusalAsync(session, trip, id, ctx.Caller) is { } refusal)
        {
            return refusal;
        }

        if (TripRules.ReportProblem(trip!.Status, trip.StartOn, today, approval) is { } notReportable)
        {
            return Problems.Conflict("trip.notReportable", notReportable);
        }

        var checks = new Checks();
        for (var i = 0; i < visits.Count; i++)
        {
            checks.When(visits[i].On < trip.StartOn || visits[i].On > trip.EndOn, $"visits[{i}].on",
                Words.Format(Messages.TripVisitOutsideTrip, trip.StartOn, trip.EndOn));
        }

        await new ReferenceCheck()
            .Rows("visits", "companies", visits.Where(v => v.CompanyId is not null).Select(v => v.CompanyId!.Value), Messages.TripVisitedCompanyNotFound)
            .CheckAsync(session, checks);
        var leads = await LeadStore.TripLinksAsync(session, leadIds, ctx.Caller);
        checks.When(leads.Count != leadIds.Count, "leadIds", Messages.TripLeadsNotFound);
        foreach (var other in leads.Where(l => l.TripId is not null && l.TripId != id))
        {
            checks.Add("leadIds", Words.Format(Messages.TripLeadFromOtherTrip, other.Id, other.TripId));
        }

        if (!checks.Ok)
        {
            return checks.Problem();
        }

        if (!await TripStore.ReportAsync(session, id, request.Summary!.Trim(), visits, today, ctx.Clock.UtcNow))
        {
            return Problems.Conflict("trip.notReportable", Messages.TripChangedJustNow);
        }

        await LeadStore.AttachToTripAsync(session, id, leadIds);
        await ctx.Audit.WriteAsync(session, "report", "trip", id, $"{visits.Count} visit(s), {leadIds.Count} lead(s)");
        var reported = (await TripStore.FindAsync(session, id, ctx.Caller, today, approval))!;
        await session.CommitAsync();
        return TypedResults.Ok(reported);
    }

    private static async Task<Results<Ok<TripDto>, ProblemHttpResult>> Cancel(
        long id, CancelTrip request, [AsParameters] ApiContext ctx, IOptions<TripOptions> options)
    {
        var (today, approval) = (ctx.Clock.Today, options.Value.ApprovalRequired);
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        var trip = await TripStore.FindAsync(session, id, ctx.Caller, today, approval);
        if (await ChangeRefusalAsync(session, trip, id, ctx.Caller) is { } refusal)
        {
            return refusal;
        }

        if (TripRules.CancelProblem(trip!.Status, trip.StartOn, today) is { } notCancellable)
        {
            return Problems.Conflict("trip.notCancellable", notCancellable);
        }

        if (!await TripStore.CancelAsync(session, id, request.Reason?.Trim(), today, ctx.Clock.UtcNow))
        {
            return Problems.Conflict("trip.notCancellable", Messages.TripChangedJustNow);
        }

        await ctx.Audit.WriteAsync(session, "cancel", "trip", id, request.Reason);
        var cancelled = (await TripStore.FindAsync(session, id, ctx.Caller, today, approval))!;
        await session.CommitAsync();
        return TypedResults.Ok(cancelled);
    }

    /// <summary>The unit's head (of its unit or one above) approves a registered trip before it starts, or rejects it; not the person who registered it.</summary>
    private static async Task<Results<Ok<TripDto>, ProblemHttpResult>> DecideAsync(long id, bool approve, TripDecision request, ApiContext ctx, TripOptions options)
    {
        var today = ctx.Clock.Today;
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        var trip = await TripStore.FindAsync(session, id, ctx.Caller, today, options.ApprovalRequired);
        if (trip is null)
        {
            return Problems.NotFound(NotFoundMessage(id));
        }

        if (!await TripStore.IsApproverAsync(session, id, ctx.Caller))
        {
            return Problems.Forbidden(Messages.TripApprovers);
        }

        if (!ctx.Caller.IsAdmin && await TripStore.RegistrantAsync(session, id) == ctx.Caller.Id)
        {
            return Problems.Conflict("trip.secondPersonRequired", Messages.TripSecondPersonRequired);
        }

        if (TripRules.ApprovalProblem(trip.Status) is { } problem)
        {
            return Problems.Conflict("trip.notApprovable", problem);
        }

        if (!await TripStore.DecideAsync(session, id, approve, ctx.Caller.Id, request.Comment?.Trim(), today, ctx.Clock.UtcNow))
        {
            return Problems.Conflict("trip.notApprovable", Messages.TripDecidedJustNow);
        }

        await ctx.Audit.WriteAsync(session, approve ? "approve" : "reject", "trip", id, request.Comment);
        var decided = (await TripStore.FindAsync(session, id, ctx.Caller, today, options.ApprovalRequired))!;
        await session.CommitAsync();
        return TypedResults.Ok(decided);
    }

    /// <summary>Null when the caller may change the trip; otherwise 404 (cannot see it) or 403 (another unit's).</summary>
    private static async Task<ProblemHttpResult?> ChangeRefusalAsync(DbSession session, TripDto? trip, long id, Caller caller) =>
        trip is null ? Problems.NotFound(NotFoundMessage(id))
        : await TripStore.CanWriteAsync(session, id, caller) ? null
        : Problems.Forbidden(Messages.TripReadOnly);

    private static string NotFoundMessage(long id) => Words.Format(Messages.TripNotFound, id);
}
