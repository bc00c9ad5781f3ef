using Pipeline.Api.Features.Projects;
using Pipeline.Domain.Projects;
using Pipeline.Domain.Reviews;

namespace Pipeline.Api.Features.Reviews;

/// <summary>
/// Pre-review (预审): the application with its indicators, the members' score sheets and the chair's decision; and the
/// yardsticks admins keep (entry standards, the rubric, the veto reasons).
/// </summary>
public static class ReviewEndpoints
{
    public static void AddReviews(this WebApplicationBuilder builder) =>
        builder.Services.AddSettings<ReviewOptions>();

    public static void MapReviews(this RouteGroupBuilder api)
    {
        api.MapPost("/projects/{id:long}/reviews", Apply).WithSummary("申请预审").WithTags("Pre-review").RequireAuthorization(Policies.ProjectWork);
        api.MapGet("/projects/{id:long}/reviews", (long id, [AsParameters] ReviewQuery query, [AsParameters] ApiContext ctx) =>
            List(query with { ProjectId = id }, ctx)).WithSummary("查看项目的预审记录").WithTags("Pre-review");

        var reviews = api.MapGroup("/reviews").WithTags("Pre-review");
        reviews.MapGet("", List).WithDataVersion().WithSummary("查询预审列表");
        reviews.MapGet("/{id:long}", Get).WithSummary("查看预审").WithName("GetReview");
        reviews.MapGet("/{id:long}/scores/me", GetMySheet).WithSummary("查看我的评分表").RequireAuthorization(Policies.Committee);
        reviews.MapPut("/{id:long}/scores/me", PutMySheet).WithSummary("提交我的评分表").RequireAuthorization(Policies.Committee);
        reviews.MapPost("/{id:long}/decision", Decide).WithSummary("登记预审决定").RequireAuthorization(Policies.ReviewDecision);

        var standards = api.MapGroup("/entry-standards").WithTags("Pre-review");
        standards.MapGet("", StandardsAndRubric.ListStandards).WithSummary("查询入园标准");
        standards.MapGet("/{id:long}", StandardsAndRubric.GetStandard).WithSummary("查看入园标准").WithName("GetEntryStandard");
        standards.MapPost("", StandardsAndRubric.CreateStandard).WithSummary("新建入园标准").RequireAuthorization(Policies.Admin);
        standards.MapPut("/{id:long}", StandardsAndRubric.ReplaceStandard).WithSummary("修改入园标准").RequireAuthorization(Policies.Admin);

        var rubric = api.MapGroup("/review-rubric").WithTags("Pre-review");
        rubric.MapGet("", StandardsAndRubric.GetRubric).WithSummary("查看预审评分表");
        rubric.MapPut("", StandardsAndRubric.ReplaceRubric).WithSummary("修改预审评分表").RequireAuthorization(Policies.Admin);

        api.MapGet("/veto-reasons", (IOptions<ReviewOptions> options) =>
            TypedResults.Ok(options.Value.VetoReasons.Select(v => new { code = v.Key, name = v.Value }).ToList())).WithSummary("查询否决事由（五不招）").WithTags("Pre-review");
    }

    /// <summary>The review sheet (预审): the application's figures and the decision.</summary>
    public static readonly Columns<ReviewRow> Sheet = new Columns<ReviewRow>()
        .Text("项目名称", r => r.ProjectName, 30)
        .Date("申请日期", r => r.AppliedOn)
        .Text("状态", r => Decisions.StatusChinese(r.Status), 8)
        .Amount("用地面积(亩)", r => Quantities.FromStored(r.LandAreaMu))
        .Amount("固定资产投资(万元)", r => Quantities.FromStored(r.FixedAssetInvestment))
        .Amount("年产值(万元)", r => Quantities.FromStored(r.AnnualOutput))
        .Amount("年税收(万元)", r => Quantities.FromStored(r.AnnualTax))
        .Amount("年综合能耗(吨标准煤)", r => Quantities.FromStored(r.AnnualEnergyTce))
        .Count("从业人数", r => r.Employees)
        .Text("结论", r => r.Outcome?.Chinese(), 8)
        .Hundredths("得分", r => Quantities.FromStored(r.Score))
        .Text("用地分类", r => r.LandClass is { } c ? $"{c}类" : null, 8)
        .YesNo("否决", r => r.Vetoed == true)
        .Date("决定日期", r => r.DecidedOn);

    private static Task<Results<Ok<Paged<ReviewSummary>>, FileStreamHttpResult, ProblemHttpResult>> List([AsParameters] ReviewQuery query, [AsParameters] ApiContext ctx)
    {
        var checks = new Checks().When(query.Status is not (null or ReviewStore.Open or ReviewStore.Decided or ReviewStore.Withdrawn), "status",
            Words.Format(Messages.UseOneOf, Words.List([ReviewStore.Open, ReviewStore.Decided, ReviewStore.Withdrawn])));
        var today = ctx.Clock.Today;
        return Responses.ListAsync(ctx.Db, query.Format, query.Page, query.PageSize,
            (session, page) => ReviewStore.ListAsync(session, query.Status, query.ProjectId, ctx.Caller, page.Skip, page.Take),
            session => Excel.FileAsync($"预审-{today:yyyyMMdd}.xlsx", ctx.Ct, new Sheet<ReviewRow>("预审", Excel.Title("项目预审", null, today), Sheet,
                ReviewStore.Export(session, query.Status, query.ProjectId, ctx.Caller))),
            ctx.Ct, checks);
    }

    private static async Task<Results<Ok<ReviewDto>, ProblemHttpResult>> Get(
        long id, [AsParameters] ApiContext ctx, IOptions<ReviewOptions> options, HttpResponse response)
    {
        await using var session = await ctx.Db.OpenAsync(ctx.Ct);
        var review = await ReviewStore.FindAsync(session, id, ctx.Caller);
        return Responses.Found(review is null ? null : await ReviewStore.ToDtoAsync(session, review, ctx.Caller, options.Value.VetoReasons), response, () => NotFoundMessage(id));
    }

    private static async Task<Results<Created<ReviewDto>, ProblemHttpResult>> Apply(
        long id, ApplyReview request, [AsParameters] ApiContext ctx, ProjectMoves moves, IOptions<ReviewOptions> options)
    {
        var vetoNames = options.Value.VetoReasons;
        var checks = CheckVetoCodes(new Checks(), "vetoCodes", request.VetoCodes, vetoNames);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        var project = await ProjectStore.FindAsync(session, id, ctx.Caller);
        if (ProjectProblems.ChangeRefusal(project, id) is { } refusal)
        {
            return refusal;
        }

        if (project!.Stage is not (Stage.Talks or Stage.PreReview))
        {
            return Problems.Conflict(TransitionCodes.NotAllowed, Words.Format(Messages.ReviewApplyFromTalks, project.Stage.Name()));
        }

        if (await ReviewStore.LatestAsync(session, id) is { IsOpen: true } open)
        {
            return AlreadyOpen(open.Id);
        }

        await new ReferenceCheck()
            .Row("chairId", "users", request.ChairId, Words.Format(Messages.ReviewChairNotCommittee, request.ChairId),
                d => $"r.is_active = {d.True} AND EXISTS (SELECT 1 FROM user_roles ur WHERE ur.user_id = r.id AND ur.role = 'committee')")
            .CheckAsync(session, checks);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        var (today, now) = (ctx.Clock.Today, ctx.Clock.UtcNow);
        if (project.Stage == Stage.Talks)
        {
            var move = Lifecycle.Check(
                new ProjectState(project.Stage, project.LandMode, project.StageEnteredOn, null, true, project.ResponsiblePersonId is not null, false),
                TransitionTarget.PreReview, today, today, ReviewRequirement.None);
            if (!move.Allowed)
            {
                return Problems.Conflict(move.RefusalCode!, move.Reason!);
            }

            if (!await moves.ApplyAsync(session, StageChange.Of(project, Stage.PreReview, today, ctx.Caller.Id, "申请预审 (pre-review applied for)"), now))
            {
                return ProjectChanged(id);
            }
        }

        var figures = request.Figures;
        var standard = EntryStandards.Pick(await ReviewStore.StandardsAsync(session), project.IndustryCode, await ReviewStore.ParkChainAsync(session, project.ResponsibleUnitId));
        var values = Indicators.Compute(figures);
        var indicatorChecks = Enum.GetValues<Indicator>()
            .Select(i => Indicators.Check(i, values[i], standard?.Thresholds.GetValueOrDefault(i))).ToList();
        var vetoes = (request.VetoCodes ?? []).Distinct().Select(code => (code, "application"))
            .Concat(Decisions.AutomaticVetoes(indicatorChecks).Select(code => (code, "automatic")))
            .DistinctBy(v => v.code).ToList();
        var rubricId = await ReviewStore.CurrentRubricIdAsync(session);
        if (await session.UnlessDuplicateAsync(() => ReviewStore.InsertAsync(session, id, rubricId, standard?.Id, request.ChairId,
                today, figures, request.Employees, indicatorChecks, vetoes, ctx.Caller.Id, now)) is not { } reviewId)
        {
            return AlreadyOpen(null);
        }

        await ctx.Audit.WriteAsync(session, "apply", "review", reviewId, $"project {id}{(vetoes.Count > 0 ? "; vetoes " + string.Join(",", vetoes.Select(v => v.code)) : "")}");
        var review = await ReviewStore.ToDtoAsync(session, (await ReviewStore.FindAsync(session, reviewId, ctx.Caller))!, ctx.Caller, vetoNames);
        await session.CommitAsync();
        return TypedResults.Created($"/api/reviews/{reviewId}", review);
    }

    private static async Task<Results<Ok<ScoreSheet>, ProblemHttpResult>> GetMySheet(long id, [AsParameters] ApiContext ctx, IOptions<ReviewOptions> options)
    {
        await using var session = await ctx.Db.OpenAsync(ctx.Ct);
        var review = await ReviewStore.FindAsync(session, id, ctx.Caller);
        if (review is null)
        {
            return Problems.NotFound(NotFoundMessage(id));
        }

        var dto = await ReviewStore.ToDtoAsync(session, review, ctx.Caller, options.Value.VetoReasons);
        return dto.MySheet is { } sheet ? TypedResults.Ok(sheet) : Problems.NotFound(Messages.ReviewNoSheetYet);
    }

    /// <summary>
    /// A member's one score sheet per review, replaced on every PUT until the decision. An indicator criterion left out
    /// takes its suggested score; every other criterion must be scored.
    /// </summary>
    private static async Task<Results<Ok<ScoreSheet>, ProblemHttpResult>> PutMySheet(
        long id, ScoreSheetInput request, [AsParameters] ApiContext ctx, IOptions<ReviewOptions> options)
    {
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        await ReviewStore.LockAsync(session, id);
        var review = await ReviewStore.FindAsync(session, id, ctx.Caller);
        if (review is null)
        {
            return Problems.NotFound(NotFoundMessage(id));
        }

        if (Closed(review) is { } closed)
        {
            return closed;
        }

        var dto = await ReviewStore.ToDtoAsync(session, review, ctx.Caller, options.Value.VetoReasons);
        var given = request.Scores!;
        var points = new List<(string Code, decimal Points)>();
        var checks = new Checks();
        foreach (var unknown in given.Keys.Except(dto.Rubric.Select(c => c.Code)))
        {
            checks.Add($"scores.{unknown}", Messages.ReviewUnknownCriterion);
        }

        foreach (var criterion in dto.Rubric)
        {
            var field = $"scores.{criterion.Code}";
            if (given.TryGetValue(criterion.Code, out var score))
            {
                checks.When(score < 0 || score > criterion.Weight, field, Words.Format(Messages.ReviewScoreRange, criterion.Weight, criterion.Name))
                    .When(decimal.Round(score, Quantities.Decimals) != score, field, Words.Format(Messages.AtMostDecimals, Quantities.Decimals));
                points.Add((criterion.Code, score));
            }
            else if (criterion.Suggested is { } suggested)
            {
                points.Add((criterion.Code, suggested));
            }
            else
            {
                checks.Add(field, Words.Format(Messages.ReviewScoreRequired, criterion.Name, criterion.Weight));
            }
        }

        if (!checks.Ok)
        {
            return checks.Problem();
        }

        var total = points.Sum(p => p.Points);
        await ReviewStore.PutSheetAsync(session, id, ctx.Caller.Id, request.Vote!.Value, total, request.Comment, points, ctx.Clock.UtcNow);
        await ctx.Audit.WriteAsync(session, "score", "review", id, $"total {total:0.##}, {request.Vote}");
        var sheet = (await ReviewStore.ToDtoAsync(session, review, ctx.Caller, options.Value.VetoReasons)).MySheet!;
        await session.CommitAsync();
        return TypedResults.Ok(sheet);
    }

    private static async Task<Results<Ok<DecisionDto>, ProblemHttpResult>> Decide(
        long id, DecisionInput request, [AsParameters] ApiContext ctx, ProjectMoves moves, IOptions<ReviewOptions> options)
    {
        var checks = CheckVetoCodes(new Checks(), "vetoCodes", request.VetoCodes, options.Value.VetoReasons);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        var caller = ctx.Caller;
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        await ReviewStore.LockAsync(session, id);
        var review = await ReviewStore.FindAsync(session, id, caller);
        if (review is null)
        {
            return Problems.NotFound(NotFoundMessage(id));
        }

        if (!caller.IsAdmin && review.ChairId != caller.Id)
        {
            return Problems.Forbidden(review.ChairId is { } chair
                ? Words.Format(Messages.ReviewChairDecides, chair)
                : Messages.ReviewNoChair);
        }

        if (Closed(review) is { } closed)
        {
            return closed;
        }

        var defer = request.Defer ?? false;
        var sheets = await ReviewStore.SheetsAsync(session, id);
        var policy = options.Value.Policy;
        if (Decisions.QuorumProblem(sheets.Count, defer, policy) is { } quorum)
        {
            return Problems.Conflict("review.quorum", quorum, new Dictionary<string, object?> { ["sheetsIn"] = sheets.Count, ["quorum"] = policy.Quorum });
        }

        await ReviewStore.AddVetoesAsync(session, id, (request.VetoCodes ?? []).Distinct().Select(code => (code, "decision")));
        var decision = Decisions.Decide(
            sheets.Select(s => (Quantities.FromStored(s.Total), Enum.Parse<Vote>(s.Vote, ignoreCase: true))).ToList(),
            await ReviewStore.IsVetoedAsync(session, id), defer, policy);
        var (today, now) = (ctx.Clock.Today, ctx.Clock.UtcNow);
        if (!await ReviewStore.DecideAsync(session, review, decision, request.Note?.Trim(), request.Conditions ?? [], caller.Id, today, now))
        {
            return Decided(id);
        }

        if (decision.Outcome == ReviewOutcome.Rejected && !await SendBackAsync(session, moves, review, decision, request.DropOnReject ?? false, caller, today, now))
        {
            return ProjectChanged(review.ProjectId);
        }

        await ctx.Audit.WriteAsync(session, "decide", "review", id, $"{decision.Outcome} score {decision.Score:0.##} class {decision.LandClass}{(decision.Vetoed ? " vetoed" : "")}");
        await session.CommitAsync();
        return TypedResults.Ok(new DecisionDto(decision.Outcome, decision.Score, decision.LandClass, decision.Vetoed, decision.Approvals, decision.Sheets,
            today, caller.Id, request.Note?.Trim()));
    }

    /// <summary>
    /// A rejected project goes back to talks, or is dropped when the chair says so; false when the project changed
    /// meanwhile, so that the decision is not recorded against a state nobody judged.
    /// </summary>
    private static async Task<bool> SendBackAsync(
        DbSession session, ProjectMoves moves, ReviewRow review, Decision decision, bool drop, Hosting.Caller caller, DateOnly today, DateTime now)
    {
        var project = await ProjectStore.FindUnscopedAsync(session, review.ProjectId);
        if (project is not { Stage: Stage.PreReview })
        {
            return true;
        }

        var change = StageChange.Of(project, drop ? Stage.Dropped : Stage.Talks, today, caller.Id,
            $"预审未通过 (review {review.Id}, score {decision.Score:0.##}{(decision.Vetoed ? ", vetoed" : "")})") with
        {
            ReasonCode = drop ? "reviewRejected" : null,
        };
        return await moves.ApplyAsync(session, change, now);
    }

    private static Checks CheckVetoCodes(Checks checks, string field, IReadOnlyList<string>? codes, IReadOnlyDictionary<string, string> known)
    {
        foreach (var code in (codes ?? []).Where(c => !known.ContainsKey(c)))
        {
            checks.Add(field, Words.Format(Messages.ReviewUnknownVeto, code, Words.List(known.Keys)));
        }

        return checks;
    }

    private static ProblemHttpResult AlreadyOpen(long? reviewId) => Problems.Conflict("review.alreadyOpen",
        Messages.ReviewAlreadyOpen, new Dictionary<string, object?> { ["reviewId"] = reviewId });

    /// <summary>Null while the review is open; otherwise why nobody scores or decides it any more.</summary>
    private static ProblemHttpResult? Closed(ReviewRow review) => review.Status switch
    {
        ReviewStore.Open => null,
        ReviewStore.Withdrawn => Problems.Conflict("review.withdrawn", Words.Format(Messages.ReviewWithdrawn, review.Id)),
        _ => Decided(review.Id),
    };

    private static ProblemHttpResult Decided(long id) =>
        Problems.Conflict("review.decided", Words.Format(Messages.ReviewDecided, id));

    private static ProblemHttpResult ProjectChanged(long projectId) => Problems.Conflict("project.changed", Words.Format(Messages.ProjectChangedMeanwhile, projectId));

    private static string NotFoundMessage(long id) => Words.Format(Messages.ReviewNotFound, id);
}
