using Dapper;
using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using Pipeline.Api.Data;
using Pipeline.Api.Features.Audit;
using Pipeline.Api.Features.Units;
using Pipeline.Api.Hosting;
using Pipeline.Domain.Accounts;
using Pipeline.Domain.Alerts;

namespace Pipeline.Api.Features.Alerts;

/// <summary>The leaders' review of alerts: list them (mine), acknowledge, snooze, resolve, and follow up with instructions (督办).</summary>
public static class AlertEndpoints
{
    public const int MaxSnoozeDays = 30;

    private const string Columns = """
        a.id, a.rule_code, ar.name AS RuleName, a.level, a.status, a.project_id,
        a.trip_id, COALESCE(p.name, t.purpose) AS SubjectName, a.since, ar.calendar, a.opened_at,
        a.resolved_at, a.resolution, a.resolve_reason, a.acknowledged_at,
        a.acknowledged_by, a.ack_comment, a.snoozed_until, a.snooze_reason,
        a.responsible_user_id, ru.display_name AS ResponsibleName, a.unit_id, un.name AS UnitName,
        a.leader_id, lu.display_name AS LeaderName, a.version,
        CASE WHEN EXISTS (SELECT 1 FROM alert_instructions i WHERE i.alert_id = a.id AND i.response IS NULL AND i.due_on < @Today) THEN 1 ELSE 0 END AS HasOverdueInstruction
        """;

    private const string From = """
        alerts a
        JOIN alert_rules ar ON ar.code = a.rule_code
        JOIN units un ON un.id = a.unit_id
        LEFT JOIN projects p ON p.id = a.project_id
        LEFT JOIN trips t ON t.id = a.trip_id
        LEFT JOIN users ru ON ru.id = a.responsible_user_id
        LEFT JOIN users lu ON lu.id = a.leader_id
        """;

    private const string WithinUnit = "a.unit_id IN (SELECT ut.descendant_id FROM unit_tree ut WHERE ut.ancestor_id = @UnitId)";

    public static void MapAlerts(this IEndpointRouteBuilder app)
    {
        var alerts = app.MapGroup("/api/alerts").WithTags("Alerts");
        alerts.MapGet("", List);
        alerts.MapGet("/{id:long}", Get);
        alerts.MapGet("/summary", Summary);
        alerts.MapPost("/scan", Scan).RequireAuthorization(p => p.RequireRole(Roles.Admin));
        alerts.MapGet("/scans", Scans).RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Leader, Roles.Auditor));
        var workers = alerts.MapGroup("").RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Leader, Roles.Staff));
        workers.MapPost("/{id:long}/acknowledge", Acknowledge);
        workers.MapPost("/{id:long}/snooze", Snooze);
        workers.MapPost("/{id:long}/resolve", Resolve);
        workers.MapPost("/{id:long}/instructions", Instruct).RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Leader));
        workers.MapPost("/{id:long}/instructions/{instructionId:long}/response", Respond);
    }

    private static async Task<Results<Ok<Paged<AlertDto>>, ProblemHttpResult>> List(
        [AsParameters] AlertQuery query, Caller caller, Db db, BusinessClock clock, CancellationToken ct)
    {
        var checks = new Checks().When(query.Status is not (null or "open" or "acknowledged" or "resolved" or "unresolved"), "status",
            "Use open, acknowledged, resolved or unresolved (open and acknowledged).");
        var level = checks.Enum<AlertLevel>("level", query.Level);
        var today = clock.Today;
        IReadOnlyDictionary<DateOnly, bool> calendar = new Dictionary<DateOnly, bool>();
        var result = await Responses.PageAsync(db, query.Page, query.PageSize, async (session, page) =>
        {
            var filter = new SqlFilter()
                .When(query.Status == "unresolved" ? null : query.Status, "a.status = @Status", "Status")
                .When(query.Status == "unresolved" ? "resolved" : null, "a.status <> @Resolved", "Resolved")
                .When(level?.ToCode(), "a.level = @Level", "Level")
                .When(query.RuleCode, "a.rule_code = @RuleCode", "RuleCode")
                .When(query.ProjectId, "a.project_id = @ProjectId", "ProjectId")
                .When(query.TripId, "a.trip_id = @TripId", "TripId")
                .When(query.UnitId, WithinUnit, "UnitId");
            filter.Args.Add("Today", today);
            if (query.Mine == true)
            {
                filter.Args.Add("Me", caller.Id);
                filter.Add("(a.responsible_user_id = @Me OR a.leader_id = @Me OR a.unit_id IN (SELECT hu.id FROM units hu WHERE hu.head_user_id = @Me))");
            }

            if (query.AwaitingMyAnswer == true)
            {
                filter.When<long?>(caller.Id, "a.responsible_user_id = @Answerer", "Answerer")
                    .Add("EXISTS (SELECT 1 FROM alert_instructions i WHERE i.alert_id = a.id AND i.response IS NULL)");
            }

            if (UnitScope.Read(caller, filter.Args, "a.unit_id") is { } scope)
            {
                filter.Add(scope);
            }

            calendar = await AlertRuleStore.CalendarAsync(session);
            return await session.PageAsync<AlertDto>(Columns, From, filter,
                "CASE a.level WHEN 'red' THEN 1 WHEN 'orange' THEN 2 ELSE 3 END, a.since, a.id", page.Skip, page.Take, countFrom: "alerts a", key: "a.id");
        }, ct, checks);
        if (result.Result is Ok<Paged<AlertDto>> ok)
        {
            foreach (var alert in ok.Value!.Items)
            {
                alert.Days = Days(alert, today, calendar);
            }
        }

        return result;
    }

    /// <summary>
    /// Unresolved alerts in the caller's scope (optionally one unit and those below it) by level, with the five that turned
    /// red last: the history's newest red openings and escalations, read from its end, so the cost does not grow with the
    /// number of red alerts.
    /// </summary>
    private static async Task<Ok<AlertSummary>> Summary(long? unitId, Caller caller, Db db, BusinessClock clock, CancellationToken ct)
    {
        var today = clock.Today;
        var filter = new SqlFilter().Add("a.status IN ('open', 'acknowledged')").When(unitId, WithinUnit, "UnitId");
        filter.Args.AddDynamicParams(new { Today = today, Skip = 0, Take = 5 });
        if (UnitScope.Read(caller, filter.Args, "a.unit_id") is { } scope)
        {
            filter.Add(scope);
        }

        await using var session = await db.OpenForReportsAsync(ct);
        var levels = (await session.QueryAsync<(string Level, long Count)>($"SELECT a.level, COUNT(*) FROM alerts a {filter.Where} GROUP BY a.level", filter.Args))
            .ToDictionary(l => l.Level, l => l.Count);
        var newest = await session.QueryAsync<AlertDto>(d => $"""
            SELECT {Columns} FROM {From}
            JOIN (SELECT h.alert_id, h.id AS red_event
                  FROM alert_history h JOIN alerts a ON a.id = h.alert_id
                  {filter.Where} AND a.level = 'red' AND h.level = 'red' AND h.event IN ('opened', 'escalated')
                  ORDER BY h.id DESC {d.Paging}) r ON r.alert_id = a.id
            ORDER BY r.red_event DESC
            """, filter.Args);
        var calendar = await AlertRuleStore.CalendarAsync(session);
        foreach (var alert in newest)
        {
            alert.Days = Days(alert, today, calendar);
        }

        return TypedResults.Ok(new AlertSummary(
            levels.GetValueOrDefault("red"), levels.GetValueOrDefault("orange"), levels.GetValueOrDefault("yellow"), newest));
    }

    private static async Task<Results<Ok<AlertDto>, ProblemHttpResult>> Get(
        long id, Caller caller, Db db, BusinessClock clock, HttpResponse response, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        return Responses.Found(await LoadAsync(session, id, caller, clock.Today), response, NotFoundMessage(id));
    }

    private static Task<Results<Ok<AlertDto>, ProblemHttpResult>> Acknowledge(
        long id, AcknowledgeAlert request, Caller caller, Db db, AuditLog audit, BusinessClock clock, CancellationToken ct) =>
        ActAsync(id, caller, db, audit, clock, new Checks().Text("comment", request.Comment, 1000, required: true), "acknowledged", request.Comment, """
            UPDATE alerts SET status = 'acknowledged', acknowledged_at = @Now, acknowledged_by = @Me, ack_comment = @Text,
                version = version + 1, updated_at = @Now
            WHERE id = @id AND status <> 'resolved'
            """, null, ct);

    private static Task<Results<Ok<AlertDto>, ProblemHttpResult>> Snooze(
        long id, SnoozeAlert request, Caller caller, Db db, AuditLog audit, BusinessClock clock, CancellationToken ct)
    {
        var today = clock.Today;
        var checks = new Checks().Required("until", request.Until).Text("reason", request.Reason, 1000, required: true)
            .When(request.Until <= today, "until", "Must be after today.")
            .When(request.Until > today.AddDays(MaxSnoozeDays), "until", $"At most {MaxSnoozeDays} days ahead ({today.AddDays(MaxSnoozeDays):yyyy-MM-dd}).");
        return ActAsync(id, caller, db, audit, clock, checks, "snoozed", $"until {request.Until:yyyy-MM-dd}: {request.Reason}", """
            UPDATE alerts SET snoozed_until = @Until, snooze_reason = @Text, version = version + 1, updated_at = @Now
            WHERE id = @id AND status <> 'resolved'
            """, new { request.Until }, ct, request.Reason);
    }

    private static Task<Results<Ok<AlertDto>, ProblemHttpResult>> Resolve(
        long id, ResolveAlert request, Caller caller, Db db, AuditLog audit, BusinessClock clock, CancellationToken ct) =>
        ActAsync(id, caller, db, audit, clock, new Checks().Text("reason", request.Reason, 1000, required: true), "resolved", request.Reason, """
            UPDATE alerts SET status = 'resolved', resolution = 'manual', resolve_reason = @Text, resolved_at = @Now,
                version = version + 1, updated_at = @Now
            WHERE id = @id AND status <> 'resolved'
            """, null, ct);

    private static async Task<Results<Ok<AlertDto>, ProblemHttpResult>> Instruct(
        long id, IssueInstruction request, Caller caller, Db db, AuditLog audit, BusinessClock clock, CancellationToken ct)
    {
        var today = clock.Today;
        var checks = new Checks().Text("text", request.Text, 2000, required: true).Required("dueOn", request.DueOn)
            .When(request.DueOn < today, "dueOn", "Must not be in the past.");
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        await using var session = await db.BeginAsync(ct);
        var (alert, problem) = await FindForActionAsync(session, id, caller, today);
        if (alert is null)
        {
            return problem!;
        }

        var instructionId = await session.InsertAsync("""
            INSERT INTO alert_instructions (alert_id, text, due_on, issued_by, issued_at) VALUES (@id, @Text, @DueOn, @Me, @Now)
            """, new { id, Text = request.Text!.Trim(), request.DueOn, Me = caller.Id, Now = clock.UtcNow });
        await AddEventAsync(session, id, "instructed", caller.Id, $"督办 {instructionId}，{request.DueOn:yyyy-MM-dd} 前反馈：{request.Text!.Trim()}", clock.UtcNow);
        await audit.WriteAsync(session, "instruct", "alert", id, $"instruction {instructionId} due {request.DueOn:yyyy-MM-dd}");
        var updated = (await LoadAsync(session, id, caller, today))!;
        await session.CommitAsync();
        return TypedResults.Ok(updated);
    }

    private static async Task<Results<Ok<AlertDto>, ProblemHttpResult>> Respond(
        long id, long instructionId, InstructionResponse request, Caller caller, Db db, AuditLog audit, BusinessClock clock, CancellationToken ct)
    {
        var checks = new Checks().Text("text", request.Text, 2000, required: true);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        var today = clock.Today;
        await using var session = await db.BeginAsync(ct);
        var (alert, problem) = await FindForActionAsync(session, id, caller, today);
        if (alert is null)
        {
            return problem!;
        }

        var answered = await session.ExecuteAsync("""
            UPDATE alert_instructions SET response = @Text, responded_by = @Me, responded_at = @Now
            WHERE id = @instructionId AND alert_id = @id AND response IS NULL
            """, new { id, instructionId, Text = request.Text!.Trim(), Me = caller.Id, Now = clock.UtcNow });
        if (answered == 0)
        {
            return await session.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM alert_instructions WHERE id = @instructionId AND alert_id = @id", new { id, instructionId }) == 0
                ? Problems.NotFound($"Alert {id} has no instruction {instructionId}.")
                : Problems.Conflict("instruction.answered", $"Instruction {instructionId} has been answered already.");
        }

        await AddEventAsync(session, id, "answered", caller.Id, $"反馈督办 {instructionId}：{request.Text!.Trim()}", clock.UtcNow);
        await audit.WriteAsync(session, "respond", "alert", id, $"instruction {instructionId}");
        var updated = (await LoadAsync(session, id, caller, today))!;
        await session.CommitAsync();
        return TypedResults.Ok(updated);
    }

    private static Accepted<object> Scan(Caller caller, IBackgroundJobClient jobs) =>
        TypedResults.Accepted("/api/alerts/scans", (object)new
        {
            jobId = jobs.Enqueue<AlertScan>(scan => scan.RunAsync("manual", caller.Id, CancellationToken.None)),
            message = "The scan is queued; its result appears in GET /api/alerts/scans.",
        });

    private static Task<Results<Ok<Paged<ScanDto>>, ProblemHttpResult>> Scans(int? page, int? pageSize, Db db, CancellationToken ct) =>
        Responses.PageAsync(db, page, pageSize, (session, p) => session.PageAsync<ScanDto>("""
            s.id, s.trigger_kind AS "Trigger", s.requested_by, s.scan_date, s.started_at,
            s.finished_at, s.new_alerts, s.escalated, s.resolved, s.notifications
            """, "alert_scans s", new SqlFilter(), "s.id DESC", p.Skip, p.Take), ct);

    /// <summary>Acknowledge, snooze or resolve: one statement on an alert that is not resolved, with its history and audit.</summary>
    private static async Task<Results<Ok<AlertDto>, ProblemHttpResult>> ActAsync(
        long id, Caller caller, Db db, AuditLog audit, BusinessClock clock, Checks checks, string @event, string? note, string update,
        object? extra, CancellationToken ct, string? text = null)
    {
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        var today = clock.Today;
        var now = clock.UtcNow;
        await using var session = await db.BeginAsync(ct);
        var (alert, problem) = await FindForActionAsync(session, id, caller, today);
        if (alert is null)
        {
            return problem!;
        }

        var args = new DynamicParameters(extra);
        args.AddDynamicParams(new { id, Me = caller.Id, Now = now, Text = (text ?? note)?.Trim() });
        if (await session.ExecuteAsync(update, args) == 0)
        {
            return Problems.Conflict("alert.resolved", $"Alert {id} is resolved; nothing more can be done with it.");
        }

        await AddEventAsync(session, id, @event, caller.Id, note?.Trim(), now);
        await audit.WriteAsync(session, @event, "alert", id, note);
        var updated = (await LoadAsync(session, id, caller, today))!;
        await session.CommitAsync();
        return TypedResults.Ok(updated);
    }

    private static Task AddEventAsync(DbSession session, long alertId, string @event, long by, string? note, DateTime now) =>
        session.ExecuteAsync("""
            INSERT INTO alert_history (alert_id, at, event, level, by_user_id, note)
            SELECT id, @now, @event, level, @by, @note FROM alerts WHERE id = @alertId
            """, new { alertId, @event, by, note, now });

    /// <summary>The alert if the caller may act on it: 404 when they cannot see it, 403 when it is another unit's.</summary>
    private static async Task<(AlertDto? Alert, ProblemHttpResult? Problem)> FindForActionAsync(DbSession session, long id, Caller caller, DateOnly today)
    {
        var alert = await LoadAsync(session, id, caller, today);
        if (alert is null)
        {
            return (null, Problems.NotFound(NotFoundMessage(id)));
        }

        var args = new DynamicParameters(new { id });
        var act = caller.Is(Role.Leader) ? "1 = 1" : UnitScope.Write(caller, args, "a.unit_id");
        return await session.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM alerts a WHERE a.id = @id AND {act}", args) > 0
            ? (alert, null)
            : (null, Problems.Forbidden("This alert belongs to another unit; you may read it but not act on it."));
    }

    private static async Task<AlertDto?> LoadAsync(DbSession session, long id, Caller caller, DateOnly today)
    {
        var args = new DynamicParameters(new { id, Today = today });
        var where = UnitScope.And("a.id = @id", UnitScope.Read(caller, args, "a.unit_id"));
        using var grid = await session.QueryMultipleAsync(_ => $"""
            SELECT {Columns} FROM {From} WHERE {where};
            SELECT at, event, level, by_user_id, note FROM alert_history WHERE alert_id = @id ORDER BY id;
            SELECT id, text, due_on, issued_by, issued_at, response,
                   responded_by, responded_at
            FROM alert_instructions WHERE alert_id = @id ORDER BY id;
            """, args);
        var alert = await grid.ReadSingleOrDefaultAsync<AlertDto>();
        if (alert is null)
        {
            return null;
        }

        alert.History = (await grid.ReadAsync<AlertEvent>()).AsList();
        var instructions = (await grid.ReadAsync<InstructionDto>()).AsList();
        foreach (var instruction in instructions)
        {
            instruction.Overdue = instruction.Response is null && instruction.DueOn < today;
        }

        alert.Instructions = instructions;
        alert.Days = Days(alert, today, await AlertRuleStore.CalendarAsync(session));
        return alert;
    }

    private static int Days(AlertDto alert, DateOnly today, IReadOnlyDictionary<DateOnly, bool> calendar) =>
        WorkCalendar.For(alert.Calendar, calendar).DaysBetween(alert.Since, alert.ResolvedAt is { } resolved ? DateOnly.FromDateTime(resolved) : today);

    private static string NotFoundMessage(long id) => $"There is no alert {id}, or it is outside what you may see.";
}
