using Pipeline.Api.Features.Notifications;
using Pipeline.Api.Features.Progress;
using Pipeline.Api.Features.Projects;
using Pipeline.Api.Features.Units;
using Pipeline.Domain.Alerts;
using Pipeline.Domain.Dispatch;

namespace Pipeline.Api.Features.Dispatch;

/// <summary>
/// The monthly 调度 ("定期调度，建立工作台帐"): each project's monthly update, the matters (需协调事项) it raises for its
/// leader, who assigns them to a unit, which answers, and the leader closes; and the 调度表 the 调度会 works from.
/// </summary>
public static class DispatchEndpoints
{
    /// <summary>The 调度表 sheet: a row per project, 是/否 for whether its update was filed.</summary>
    private static readonly Columns<DispatchLine> SheetColumns = new Columns<DispatchLine>()
        .Text("责任单位", l => l.UnitName, 18)
        .Text("项目名称", l => l.ProjectName, 30)
        .Text("当前阶段", l => l.StageName, 8)
        .Date("签约日期", l => l.SignedOn)
        .Count("签约天数", l => l.DaysSinceSigning)
        .Text("责任人", l => l.ResponsiblePersonName, 10)
        .Text("包保领导", l => l.LeaderName, 10)
        .YesNo("是否填报", l => l.UpdateFiled)
        .Text("本月进展", l => l.Progress, 40)
        .Text("存在问题", l => l.Problems, 30)
        .Text("下步计划", l => l.NextSteps, 30)
        .Amount("本月完成投资(万元)", l => l.Investment)
        .Count("未解除预警", l => l.OpenAlerts)
        .Text("最高预警等级", l => l.HighestAlertLevel?.Chinese(), 8)
        .Count("未办结事项", l => l.OpenMatters)
        .Count("逾期事项", l => l.OverdueMatters);

    public static void AddDispatch(this WebApplicationBuilder builder) => builder.Services.AddSettings<DispatchOptions>();

    public static void MapDispatch(this RouteGroupBuilder api)
    {
        var projects = api.MapGroup("/projects/{id:long}/updates").WithTags("Dispatch");
        projects.MapGet("", ProjectUpdates).WithSummary("查看项目的月度调度");
        projects.MapPost("", File).WithSummary("填报月度调度").RequireAuthorization(Policies.ProjectWork);
        api.MapGet("/updates", Updates).WithSummary("查询月度调度填报情况").WithTags("Dispatch");
        api.MapGet("/dispatch-sheet", Sheet).WithSummary("月度调度表（可导出 Excel）").WithTags("Dispatch");

        var matters = api.MapGroup("/matters").WithTags("Dispatch");
        matters.MapGet("", Matters).WithDataVersion().WithSummary("查询需协调事项");
        matters.MapGet("/{id:long}", Matter).WithSummary("查看需协调事项");
        matters.MapPost("/{id:long}/assign", Assign).WithSummary("交办需协调事项").RequireAuthorization(Policies.Instructing);
        matters.MapPost("/{id:long}/answer", Answer).WithSummary("答复需协调事项").RequireAuthorization(Policies.ProjectWork);
        matters.MapPost("/{id:long}/close", Close).WithSummary("办结需协调事项").RequireAuthorization(Policies.Instructing);
    }

    private static Task<Results<Ok<IReadOnlyList<UpdateDto>>, ProblemHttpResult>> ProjectUpdates(long id, [AsParameters] ApiContext ctx) =>
        ProjectProblems.ListIfVisibleAsync(id, ctx, session => DispatchStore.UpdatesAsync(session, id, null, ctx.Clock.Today));

    /// <summary>The month's update, once; its investment becomes the month's actual investment, its matters go to the project's leader.</summary>
    private static async Task<Results<Created<UpdateDto>, ProblemHttpResult>> File(
        long id, FileUpdate request, [AsParameters] ApiContext ctx, IOptions<DispatchOptions> options, NotificationOutbox outbox)
    {
        var (today, now, month) = (ctx.Clock.Today, ctx.Clock.UtcNow, request.MonthStart!.Value);
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        var project = await ProjectStore.FindAsync(session, id, ctx.Caller);
        if (ProjectProblems.ChangeRefusal(project, id) is { } refusal)
        {
            return refusal;
        }

        if (await session.UnlessDuplicateAsync(() => DispatchStore.FileAsync(session, project!, request, MonthlyUpdates.DueOn(month, options.Value.DueDay), ctx.Caller.Id, today, now))
            is not { } filed)
        {
            return Problems.Conflict("update.alreadyFiled", Words.Format(Messages.UpdateAlreadyFiled, request.Month));
        }

        if (request.Investment is { } investment)
        {
            await ProgressStore.PutInvestmentAsync(session, id, month, investment, ctx.Caller.Id, now);
        }

        var deliveries = new List<long>();
        if (project!.LeaderId is { } leader)
        {
            foreach (var (matterId, matter) in filed.MatterIds.Zip(request.Matters ?? []))
            {
                deliveries.AddRange(await outbox.NotifyAsync(session, new Notice(NoticeSubject.Matter, matterId, "matter", $"【需协调事项】{project.Name}",
                    $"{request.Month} 月度调度提出需协调事项，请审定交办：{matter.Text!.Trim()}"), [leader], now));
            }
        }

        await ctx.Audit.WriteAsync(session, "fileUpdate", "project", id, $"{request.Month}: {filed.MatterIds.Count} matter(s)");
        var update = (await DispatchStore.UpdatesAsync(session, id, filed.UpdateId, today)).Single();
        await session.CommitAsync();
        outbox.EnqueueDeliveries(deliveries);
        return TypedResults.Created($"/api/projects/{id}/updates", update);
    }

    private static Task<Results<Ok<Paged<UpdateStatus>>, ProblemHttpResult>> Updates(
        [AsParameters] UpdateQuery query, [AsParameters] ApiContext ctx, IOptions<DispatchOptions> options)
    {
        var today = ctx.Clock.Today;
        var month = query.Month is null ? MonthlyUpdates.LatestOverdueMonth(today, options.Value.DueDay) : MonthlyUpdates.ParseMonth(query.Month);
        var checks = new Checks().When(month is null, "month", Messages.MonthFormat);
        return Responses.PageAsync(ctx.Db, query.Page, query.PageSize, (session, page) => DispatchStore.StatusAsync(
            session, month!.Value, MonthlyUpdates.DueOn(month.Value, options.Value.DueDay), query.UnitId, query.Missing == true, ctx.Caller, today,
            page.Skip, page.Take), ctx.Ct, checks);
    }

    private static Task<Results<Ok<Paged<MatterDto>>, ProblemHttpResult>> Matters([AsParameters] MatterQuery query, [AsParameters] ApiContext ctx)
    {
        var checks = new Checks();
        var status = checks.Enum<MatterStatus>("status", query.Status);
        return Responses.PageAsync(ctx.Db, query.Page, query.PageSize,
            (session, page) => DispatchStore.MattersAsync(session, query, status, ctx.Caller, ctx.Clock.Today, page.Skip, page.Take), ctx.Ct, checks);
    }

    private static async Task<Results<Ok<MatterDto>, ProblemHttpResult>> Matter(long id, [AsParameters] ApiContext ctx)
    {
        await using var session = await ctx.Db.OpenAsync(ctx.Ct);
        return await DispatchStore.MatterAsync(session, id, ctx.Caller, ctx.Clock.Today) is { } matter ? TypedResults.Ok(matter) : Problems.NotFound(NotFound(id));
    }

    /// <summary>The project's leader (or an admin) gives the matter to a department or unit, with a due date; its heads hear at once.</summary>
    private static async Task<Results<Ok<MatterDto>, ProblemHttpResult>> Assign(long id, AssignMatter request, [AsParameters] ApiContext ctx, NotificationOutbox outbox)
    {
        var (today, now) = (ctx.Clock.Today, ctx.Clock.UtcNow);
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        var matter = await DispatchStore.MatterAsync(session, id, ctx.Caller, today);
        if (LeaderRefusal(matter, id, ctx.Caller) is { } refusal)
        {
            return refusal;
        }

        if (!await UnitStore.ExistsAsync(session, request.UnitId!.Value))
        {
            return Problems.Invalid("unitId", Words.Format(Messages.UnitNotFound, request.UnitId));
        }

        if (!await DispatchStore.AssignAsync(session, id, request.UnitId.Value, request.DueOn!.Value, ctx.Caller.Id, now))
        {
            return Problems.Conflict("matter.notAssignable", Words.Format(Messages.MatterNotAssignable, id));
        }

        var deliveries = await outbox.NotifyAsync(session, new Notice(NoticeSubject.Matter, id, "matterAssigned", $"【交办】{matter!.ProjectName}",
            $"{matter.LeaderName ?? "领导"}交办需协调事项：{matter.Text}。请于 {request.DueOn:yyyy-MM-dd} 前办理并反馈。"),
            await DispatchStore.HeadsAsync(session, request.UnitId.Value), now);
        await ctx.Audit.WriteAsync(session, "assign", "matter", id, $"unit {request.UnitId} due {request.DueOn:yyyy-MM-dd}");
        var assigned = (await DispatchStore.MatterAsync(session, id, ctx.Caller, today))!;
        await session.CommitAsync();
        outbox.EnqueueDeliveries(deliveries);
        return TypedResults.Ok(assigned);
    }

    /// <summary>The unit it was given to answers; the leader hears at once.</summary>
    private static async Task<Results<Ok<MatterDto>, ProblemHttpResult>> Answer(long id, AnswerMatter request, [AsParameters] ApiContext ctx, NotificationOutbox outbox)
    {
        var (today, now, text) = (ctx.Clock.Today, ctx.Clock.UtcNow, request.Text!.Trim());
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        var matter = await DispatchStore.MatterAsync(session, id, ctx.Caller, today);
        if (matter is null)
        {
            return Problems.NotFound(NotFound(id));
        }

        if (!ctx.Caller.IsAdmin && !await DispatchStore.IsAssigneeAsync(session, id, ctx.Caller))
        {
            return Problems.Forbidden(Messages.MatterAnsweredByAssignee);
        }

        if (!await DispatchStore.AnswerAsync(session, id, text, ctx.Caller.Id, now))
        {
            return Problems.Conflict("matter.notAnswerable", Words.Format(Messages.MatterNotAnswerable, id, matter.Status.Name()));
        }

        var deliveries = matter.LeaderId is { } leader
            ? await outbox.NotifyAsync(session, new Notice(NoticeSubject.Matter, id, "matterAnswered", $"【交办反馈】{matter.ProjectName}",
                $"{matter.UnitName}反馈需协调事项「{matter.Text}」：{text}"), [leader], now)
            : [];
        await ctx.Audit.WriteAsync(session, "answer", "matter", id);
        var answered = (await DispatchStore.MatterAsync(session, id, ctx.Caller, today))!;
        await session.CommitAsync();
        outbox.EnqueueDeliveries(deliveries);
        return TypedResults.Ok(answered);
    }

    private static async Task<Results<Ok<MatterDto>, ProblemHttpResult>> Close(long id, [AsParameters] ApiContext ctx)
    {
        var today = ctx.Clock.Today;
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        var matter = await DispatchStore.MatterAsync(session, id, ctx.Caller, today);
        if (LeaderRefusal(matter, id, ctx.Caller) is { } refusal)
        {
            return refusal;
        }

        if (!await DispatchStore.CloseAsync(session, id, ctx.Caller.Id, ctx.Clock.UtcNow))
        {
            return Problems.Conflict("matter.notClosable", Words.Format(Messages.MatterNotClosable, id, matter!.Status.Name()));
        }

        await ctx.Audit.WriteAsync(session, "close", "matter", id);
        var closed = (await DispatchStore.MatterAsync(session, id, ctx.Caller, today))!;
        await session.CommitAsync();
        return TypedResults.Ok(closed);
    }

    /// <summary>The 调度表 for a month, or with <c>?format=xlsx</c> the sheet the 调度会 works from.</summary>
    private static async Task<Results<Ok<DispatchSheet>, FileStreamHttpResult, ProblemHttpResult>> Sheet(
        [AsParameters] DispatchSheetQuery query, [AsParameters] ApiContext ctx, IOptions<DispatchOptions> options)
    {
        var today = ctx.Clock.Today;
        var month = query.Month is null ? MonthlyUpdates.LatestOverdueMonth(today, options.Value.DueDay) : MonthlyUpdates.ParseMonth(query.Month);
        if (month is null)
        {
            return Problems.Invalid("month", Messages.MonthFormat);
        }

        if (Excel.FormatProblem(query.Format) is { } formatProblem)
        {
            return formatProblem;
        }

        await using var session = await ctx.Db.OpenForReportsAsync(ctx.Ct);
        var lines = await DispatchStore.SheetAsync(session, month.Value, query.UnitId, ctx.Caller, today);
        var label = month.Value.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        if (Excel.Wanted(query.Format))
        {
            return await Excel.FileAsync($"调度表-{label}.xlsx", ctx.Ct, new Sheet<DispatchLine>("调度表",
                Excel.Title("月度调度表", $"{month.Value.Year}年{month.Value.Month}月", today), SheetColumns, lines));
        }

        return TypedResults.Ok(new DispatchSheet(label, MonthlyUpdates.DueOn(month.Value, options.Value.DueDay), today, lines));
    }

    private static ProblemHttpResult? LeaderRefusal(MatterDto? matter, long id, Caller caller) => matter switch
    {
        null => Problems.NotFound(NotFound(id)),
        _ when caller.IsAdmin || matter.LeaderId == caller.Id => null,
        _ => Problems.Forbidden(Messages.MatterLeaderOnly),
    };

    private static string NotFound(long id) => Words.Format(Messages.MatterNotFound, id);
}
