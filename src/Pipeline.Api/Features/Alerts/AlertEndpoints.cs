using Hangfire;
using Pipeline.Api.Features.Notifications;
using Pipeline.Domain.Alerts;

namespace Pipeline.Api.Features.Alerts;

/// <summary>The leaders' review of alerts: list them (mine), acknowledge, snooze, resolve, and follow up with instructions (督办); and the rules behind them.</summary>
public static class AlertEndpoints
{
    public static void AddAlerts(this WebApplicationBuilder builder)
    {
        builder.Services.AddSettings<AlertOptions>();
        builder.Services.AddScoped<AlertScan>();
    }

    public static void MapAlerts(this RouteGroupBuilder api)
    {
        var alerts = api.MapGroup("/alerts").WithTags("Alerts");
        alerts.MapGet("", List).WithDataVersion().WithSummary("查询预警列表");
        alerts.MapGet("/{id:long}", Get).WithSummary("查看预警");
        alerts.MapGet("/summary", Summary).WithDataVersion(ConditionalReads.Source.Reports).WithSummary("预警汇总");
        alerts.MapPost("/scan", Scan).WithSummary("立即执行预警扫描").RequireAuthorization(Policies.Admin);
        alerts.MapGet("/scans", Scans).WithSummary("查看预警扫描记录").RequireAuthorization(Policies.Oversight);
        var workers = alerts.MapGroup("").RequireAuthorization(Policies.ProjectWork);
        workers.MapPost("/{id:long}/acknowledge", (long id, AcknowledgeAlert request, [AsParameters] ApiContext ctx) =>
            ActAsync(id, AlertAction.Acknowledge, "acknowledged", request.Comment, request.Comment, null, ctx)).WithSummary("签收预警");
        workers.MapPost("/{id:long}/comments", Comment).WithSummary("对预警发表意见");
        workers.MapPost("/{id:long}/snooze", (long id, SnoozeAlert request, [AsParameters] ApiContext ctx) =>
            ActAsync(id, AlertAction.Snooze, "snoozed", request.Reason, $"until {request.Until:yyyy-MM-dd}: {request.Reason}", request.Until, ctx)).WithSummary("暂缓预警");
        workers.MapPost("/{id:long}/resolve", (long id, ResolveAlert request, [AsParameters] ApiContext ctx) =>
            ActAsync(id, AlertAction.Resolve, "resolved", request.Reason, request.Reason, null, ctx)).WithSummary("解除预警");
        workers.MapPost("/{id:long}/instructions", Instruct).WithSummary("下达督办").RequireAuthorization(Policies.Instructing);
        workers.MapPost("/{id:long}/instructions/{instructionId:long}/response", Respond).WithSummary("反馈督办");

        var rules = api.MapGroup("/alert-rules").WithTags("Alerts");
        rules.MapGet("", AlertRuleEndpoints.List).WithSummary("查询预警规则");
        rules.MapGet("/{code}", AlertRuleEndpoints.Get).WithSummary("查看预警规则");
        rules.MapPut("/{code}", AlertRuleEndpoints.Put).WithSummary("修改预警规则").RequireAuthorization(Policies.Admin);
    }

    /// <summary>The alert sheet (预警).</summary>
    public static readonly Columns<AlertDto> Sheet = new Columns<AlertDto>()
        .Text("预警类型", a => a.RuleName, 16)
        .Text("级别", a => a.Level.Chinese(), 6)
        .Text("状态", a => AlertRuleCodes.StatusChinese(a.Status), 8)
        .Text("项目或外出", a => a.SubjectName, 30)
        .Text("责任单位", a => a.UnitName, 18)
        .Text("责任人", a => a.ResponsibleName, 10)
        .Text("包保领导", a => a.LeaderName, 10)
        .Date("起算日期", a => a.Since)
        .Count("持续天数", a => a.Days)
        .Date("暂缓至", a => a.SnoozedUntil)
        .YesNo("督办逾期", a => a.HasOverdueInstruction);

    private static Task<Results<Ok<Paged<AlertDto>>, FileStreamHttpResult, ProblemHttpResult>> List([AsParameters] AlertQuery query, [AsParameters] ApiContext ctx)
    {
        var checks = new Checks().When(query.Status is not (null or "open" or "acknowledged" or "resolved" or AlertStore.Unresolved), "status",
            Messages.AlertStatusFilter);
        var level = checks.Enum<AlertLevel>("level", query.Level);
        var today = ctx.Clock.Today;
        return Responses.ListAsync(ctx.Db, query.Format, query.Page, query.PageSize,
            (session, page) => AlertStore.ListAsync(session, query, level, ctx.Caller, today, page.Skip, page.Take),
            async session => await Excel.FileAsync($"预警-{today:yyyyMMdd}.xlsx", ctx.Ct,
                new Sheet<AlertDto>("预警", Excel.Title("预警清单", null, today), Sheet, await AlertStore.ExportAsync(session, query, level, ctx.Caller, today))),
            ctx.Ct, checks);
    }

    private static async Task<Ok<AlertSummary>> Summary(long? unitId, [AsParameters] ApiContext ctx)
    {
        await using var session = await ctx.Db.OpenForReportsAsync(ctx.Ct);
        return TypedResults.Ok(await AlertStore.SummaryAsync(session, unitId, ctx.Caller, ctx.Clock.Today));
    }

    private static Task<Results<Ok<AlertDto>, ProblemHttpResult>> Get(long id, [AsParameters] ApiContext ctx, HttpResponse response) =>
        Responses.FoundAsync(ctx.Db, session => AlertStore.FindAsync(session, id, ctx.Caller, ctx.Clock.Today), response, () => NotFoundMessage(id), ctx.Ct);

    /// <summary>Acknowledge, snooze or resolve: one statement on an alert that is not resolved, with its history and audit.</summary>
    private static async Task<Results<Ok<AlertDto>, ProblemHttpResult>> ActAsync(
        long id, AlertAction action, string @event, string? text, string? note, DateOnly? until, ApiContext ctx)
    {
        var (today, now) = (ctx.Clock.Today, ctx.Clock.UtcNow);
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        var alert = await AlertStore.FindAsync(session, id, ctx.Caller, today);
        var allowed = action switch
        {
            AlertAction.Acknowledge => alert?.Permissions?.Acknowledge,
            AlertAction.Snooze => alert?.Permissions?.Snooze,
            _ => alert?.Permissions?.Resolve,
        };
        if (Refusal(alert, id, allowed, action == AlertAction.Acknowledge ? Messages.AlertAcknowledgeRule : Messages.AlertSnoozeOrResolveRule) is { } refusal)
        {
            return refusal;
        }

        if (!await AlertStore.ActAsync(session, id, action, ctx.Caller.Id, text?.Trim(), until, now))
        {
            return alert!.Status == "resolved"
                ? Resolved(id)
                : Problems.Conflict("alert.openInstruction", Words.Format(Messages.AlertOpenInstruction, id));
        }

        await AlertStore.AddEventAsync(session, id, @event, ctx.Caller.Id, note?.Trim(), now);
        await ctx.Audit.WriteAsync(session, @event, "alert", id, note);
        var updated = (await AlertStore.FindAsync(session, id, ctx.Caller, today))!;
        await session.CommitAsync();
        return TypedResults.Ok(updated);
    }

    private static async Task<Results<Ok<AlertDto>, ProblemHttpResult>> Comment(long id, AlertComment request, [AsParameters] ApiContext ctx)
    {
        var (today, now, text) = (ctx.Clock.Today, ctx.Clock.UtcNow, request.Text!.Trim());
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        var alert = await AlertStore.FindAsync(session, id, ctx.Caller, today);
        if (Refusal(alert, id, alert?.Permissions?.Comment, Messages.AlertAcknowledgeRule) is { } refusal)
        {
            return refusal;
        }

        await AlertStore.AddEventAsync(session, id, "commented", ctx.Caller.Id, text, now);
        await ctx.Audit.WriteAsync(session, "comment", "alert", id, text);
        var updated = (await AlertStore.FindAsync(session, id, ctx.Caller, today))!;
        await session.CommitAsync();
        return TypedResults.Ok(updated);
    }

    /// <summary>督办: the responsible person hears at once on every channel they have, not in the next digest.</summary>
    private static async Task<Results<Ok<AlertDto>, ProblemHttpResult>> Instruct(
        long id, IssueInstruction request, [AsParameters] ApiContext ctx, NotificationOutbox outbox)
    {
        var (today, now, text) = (ctx.Clock.Today, ctx.Clock.UtcNow, request.Text!.Trim());
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        var alert = await AlertStore.FindAsync(session, id, ctx.Caller, today);
        if (Refusal(alert, id, alert?.Permissions?.Instruct, Messages.AlertInstructRule) is { } refusal)
        {
            return refusal;
        }

        if (alert!.Status == "resolved")
        {
            return Resolved(id);
        }

        var instructionId = await AlertStore.AddInstructionAsync(session, id, text, request.DueOn!.Value, ctx.Caller.Id, now);
        await AlertStore.AddEventAsync(session, id, "instructed", ctx.Caller.Id, $"督办 {instructionId}，{request.DueOn:yyyy-MM-dd} 前反馈：{text}", now);
        await ctx.Audit.WriteAsync(session, "instruct", "alert", id, $"instruction {instructionId} due {request.DueOn:yyyy-MM-dd}");
        var deliveries = alert.ResponsibleUserId is { } responsible
            ? await outbox.NotifyAsync(session, new Notice(NoticeSubject.Instruction, instructionId, "instruction", $"【督办】{alert.RuleName}：{alert.SubjectName}",
                $"{alert.LeaderName ?? "领导"}督办：{text}。请于 {request.DueOn:yyyy-MM-dd} 前在系统中反馈。", alert.Id, alert.Level.ToCode()), [responsible], now)
            : [];
        var updated = (await AlertStore.FindAsync(session, id, ctx.Caller, today))!;
        await session.CommitAsync();
        outbox.EnqueueDeliveries(deliveries);
        return TypedResults.Ok(updated);
    }

    /// <summary>The answer to an instruction: the leader who issued it hears at once.</summary>
    private static async Task<Results<Ok<AlertDto>, ProblemHttpResult>> Respond(
        long id, long instructionId, InstructionResponse request, [AsParameters] ApiContext ctx, NotificationOutbox outbox)
    {
        var (today, now, text) = (ctx.Clock.Today, ctx.Clock.UtcNow, request.Text!.Trim());
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        var alert = await AlertStore.FindAsync(session, id, ctx.Caller, today);
        if (Refusal(alert, id, alert?.Permissions?.Answer, Messages.AlertAnswerRule) is { } refusal)
        {
            return refusal;
        }

        var (answered, exists) = await AlertStore.AnswerAsync(session, id, instructionId, text, ctx.Caller.Id, now);
        if (!answered)
        {
            return exists
                ? Problems.Conflict("instruction.answered", Words.Format(Messages.InstructionAnswered, instructionId))
                : Problems.NotFound(Words.Format(Messages.InstructionNotFound, id, instructionId));
        }

        await AlertStore.AddEventAsync(session, id, "answered", ctx.Caller.Id, $"反馈督办 {instructionId}：{text}", now);
        await ctx.Audit.WriteAsync(session, "respond", "alert", id, $"instruction {instructionId}");
        var deliveries = await outbox.NotifyAsync(session, new Notice(NoticeSubject.Instruction, instructionId, "answer", $"【督办反馈】{alert!.RuleName}：{alert.SubjectName}",
            $"{alert.ResponsibleName ?? "责任人"}反馈：{text}", alert.Id, alert.Level.ToCode()), [await AlertStore.IssuerAsync(session, instructionId)], now);
        var updated = (await AlertStore.FindAsync(session, id, ctx.Caller, today))!;
        await session.CommitAsync();
        outbox.EnqueueDeliveries(deliveries);
        return TypedResults.Ok(updated);
    }

    private static Accepted<object> Scan(Caller caller, IBackgroundJobClient jobs) =>
        TypedResults.Accepted("/api/alerts/scans", (object)new
        {
            jobId = jobs.Enqueue<AlertScan>(scan => scan.RunAsync("manual", caller.Id, CancellationToken.None)),
            message = Messages.ScanQueued,
        });

    private static Task<Results<Ok<Paged<ScanDto>>, ProblemHttpResult>> Scans(int? page, int? pageSize, [AsParameters] ApiContext ctx) =>
        Responses.PageAsync(ctx.Db, page, pageSize, (session, p) => AlertStore.ScansAsync(session, p.Skip, p.Take), ctx.Ct);

    /// <summary>Null when the caller may do it: 404 when they cannot see the alert, 403 (saying who may) when their part does not allow it.</summary>
    private static ProblemHttpResult? Refusal(AlertDto? alert, long id, bool? allowed, string rule) =>
        alert is null ? Problems.NotFound(NotFoundMessage(id)) : allowed == true ? null : Problems.Forbidden(rule);

    private static ProblemHttpResult Resolved(long id) => Problems.Conflict("alert.resolved", Words.Format(Messages.AlertResolved, id));

    private static string NotFoundMessage(long id) => Words.Format(Messages.AlertNotFound, id);
}
