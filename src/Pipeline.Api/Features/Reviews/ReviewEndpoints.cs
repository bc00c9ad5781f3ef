using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Pipeline.Api.Data;
using Pipeline.Api.Features.Audit;
using Pipeline.Api.Features.Projects;
using Pipeline.Api.Hosting;
using Pipeline.Domain;
using Pipeline.Domain.Accounts;
using Pipeline.Domain.Projects;
using Pipeline.Domain.Reviews;

namespace Pipeline.Api.Features.Reviews;

/// <summary>Pre-review (预审): the application with its indicators, the members' score sheets, and the chair's decision.</summary>
public static class ReviewEndpoints
{
    public static void MapReviews(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/projects/{id:long}/reviews", Apply).WithTags("Pre-review")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Staff, Roles.Leader));
        app.MapGet("/api/projects/{id:long}/reviews", (long id, [AsParameters] ReviewQuery query, Caller caller, Db db, CancellationToken ct) =>
            List(query with { ProjectId = id }, caller, db, ct)).WithTags("Pre-review");

        var reviews = app.MapGroup("/api/reviews").WithTags("Pre-review");
        reviews.MapGet("", List);
        reviews.MapGet("/{id:long}", Get).WithName("GetReview");
        reviews.MapGet("/{id:long}/scores/me", GetMySheet).RequireAuthorization(p => p.RequireRole(Roles.Committee));
        reviews.MapPut("/{id:long}/scores/me", PutMySheet).RequireAuthorization(p => p.RequireRole(Roles.Committee));
        reviews.MapPost("/{id:long}/decision", Decide).RequireAuthorization(p => p.RequireRole(Roles.Committee, Roles.Admin));
    }

    private static Task<Results<Ok<Paged<ReviewSummary>>, ProblemHttpResult>> List([AsParameters] ReviewQuery query, Caller caller, Db db, CancellationToken ct)
    {
        var checks = new Checks().When(query.Status is not (null or ReviewStore.Open or ReviewStore.Decided), "status", "Use 'open' or 'decided'.");
        return Responses.PageAsync(db, query.Page, query.PageSize,
            (session, page) => ReviewStore.ListAsync(session, query.Status, query.ProjectId, caller, page.Skip, page.Take), ct, checks);
    }

    private static async Task<Results<Ok<ReviewDto>, ProblemHttpResult>> Get(
        long id, Caller caller, Db db, IOptions<ReviewOptions> options, HttpResponse response, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var review = await ReviewStore.FindAsync(session, id, caller);
        return Responses.Found(review is null ? null : await ReviewStore.ToDtoAsync(session, review, caller, options.Value.VetoReasons), response, NotFoundMessage(id));
    }

    private static async Task<Results<Created<ReviewDto>, ProblemHttpResult>> Apply(
        long id, ApplyReview request, Caller caller, Db db, AuditLog audit, BusinessClock clock, IOptions<ReviewOptions> options, CancellationToken ct)
    {
        var vetoNames = options.Value.VetoReasons;
        var checks = new Checks()
            .Quantity("landAreaMu", request.LandAreaMu, required: true)
            .Quantity("fixedAssetInvestment", request.FixedAssetInvestment, required: true)
            .Quantity("annualOutput", request.AnnualOutput, required: true, allowZero: true)
            .Quantity("annualTax", request.AnnualTax, required: true, allowZero: true)
            .Quantity("annualEnergyTce", request.AnnualEnergyTce, required: true, allowZero: true)
            .Quantity("rdRatio", request.RdRatio, allowZero: true)
            .When(request.RdRatio > 100, "rdRatio", "A percentage, at most 100.")
            .Quantity("plotRatio", request.PlotRatio)
            .When(request.Employees < 0, "employees", "Must not be negative.");
        CheckVetoCodes(checks, "vetoCodes", request.VetoCodes, vetoNames);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        await using var session = await db.BeginAsync(ct);
        var (project, problem) = await ProjectStore.FindForChangeAsync(session, id, caller);
        if (project is null)
        {
            return problem!;
        }

        if (project.Stage is not (Stage.Talks or Stage.PreReview))
        {
            return Problems.Conflict(TransitionCodes.NotAllowed,
                $"A project applies for pre-review from talks (or again after a deferral); this one is in '{project.Stage.Code()}'.");
        }

        if (await ReviewStore.LatestAsync(session, id) is { IsOpen: true } open)
        {
            return AlreadyOpen(open.Id);
        }

        await new ReferenceCheck()
            .Row("chairId", "users", request.ChairId, $"User {request.ChairId} is not an active committee member.",
                d => $"r.is_active = {d.True} AND EXISTS (SELECT 1 FROM user_roles ur WHERE ur.user_id = r.id AND ur.role = 'committee')")
            .CheckAsync(session, checks);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        var today = clock.Today;
        var now = clock.UtcNow;
        if (project.Stage == Stage.Talks)
        {
            var move = Lifecycle.Check(
                new ProjectState(project.Stage, project.LandMode, project.StageEnteredOn, null, true, project.ResponsiblePersonId is not null, false),
                TransitionTarget.PreReview, today, today, ReviewRequirement.None);
            if (!move.Allowed)
            {
                return Problems.Conflict(move.RefusalCode!, move.Reason!);
            }

            await ProjectStore.MoveAsync(session, id, project.Version, new StageMove(Stage.PreReview, today, null, null, null, null, null), now);
            await ProjectStore.AddHistoryAsync(session, new HistoryRecord(id, Stage.Talks, Stage.PreReview, today, caller.Id, "申请预审 (pre-review applied for)"), now);
        }

        var figures = new ApplicantFigures(request.LandAreaMu!.Value, request.FixedAssetInvestment!.Value, request.AnnualOutput!.Value,
            request.AnnualTax!.Value, request.AnnualEnergyTce!.Value, request.PlotRatio, request.RdRatio);
        var parks = await session.QueryAsync<long>("SELECT ancestor_id FROM unit_tree WHERE descendant_id = @ResponsibleUnitId", new { project.ResponsibleUnitId });
        var standard = EntryStandards.Pick(await ReviewStore.StandardsAsync(session), project.IndustryCode, parks.ToList());
        var values = Indicators.Compute(figures);
        var indicatorChecks = Enum.GetValues<Indicator>()
            .Select(i => Indicators.Check(i, values[i], standard?.Thresholds.GetValueOrDefault(i))).ToList();
        var vetoes = (request.VetoCodes ?? []).Distinct().Select(code => (code, "application"))
            .Concat(Decisions.AutomaticVetoes(indicatorChecks).Select(code => (code, "automatic")))
            .DistinctBy(v => v.code).ToList();
        long reviewId;
        try
        {
            reviewId = await ReviewStore.InsertAsync(session, id, await ReviewStore.CurrentRubricIdAsync(session), standard?.Id, request.ChairId,
                today, figures, request.Employees, indicatorChecks, vetoes, caller.Id, now);
        }
        catch (System.Data.Common.DbException e) when (session.IsUniqueViolation(e))
        {
            return AlreadyOpen(null);
        }

        await audit.WriteAsync(session, "apply", "review", reviewId, $"project {id}{(vetoes.Count > 0 ? "; vetoes " + string.Join(",", vetoes.Select(v => v.code)) : "")}");
        var review = await ReviewStore.ToDtoAsync(session, (await ReviewStore.FindAsync(session, reviewId, caller))!, caller, vetoNames);
        await session.CommitAsync();
        return TypedResults.Created($"/api/reviews/{reviewId}", review);
    }

    private static async Task<Results<Ok<ScoreSheet>, ProblemHttpResult>> GetMySheet(
        long id, Caller caller, Db db, IOptions<ReviewOptions> options, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var review = await ReviewStore.FindAsync(session, id, caller);
        if (review is null)
        {
            return Problems.NotFound(NotFoundMessage(id));
        }

        var dto = await ReviewStore.ToDtoAsync(session, review, caller, options.Value.VetoReasons);
        return dto.MySheet is { } sheet ? TypedResults.Ok(sheet) : Problems.NotFound("You have not scored this review yet.");
    }

    /// <summary>
    /// A member's one score sheet per review, replaced on every PUT until the decision. An indicator criterion left out
    /// takes its suggested score; every other criterion must be scored.
    /// </summary>
    private static async Task<Results<Ok<ScoreSheet>, ProblemHttpResult>> PutMySheet(
        long id, ScoreSheetInput request, Caller caller, Db db, AuditLog audit, BusinessClock clock, IOptions<ReviewOptions> options, CancellationToken ct)
    {
        var checks = new Checks().Required("vote", request.Vote).Required("scores", request.Scores).Text("comment", request.Comment, 2000);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        await using var session = await db.BeginAsync(ct);
        await ReviewStore.LockAsync(session, id);
        var review = await ReviewStore.FindAsync(session, id, caller);
        if (review is null)
        {
            return Problems.NotFound(NotFoundMessage(id));
        }

        if (!review.IsOpen)
        {
            return Decided(id);
        }

        var dto = await ReviewStore.ToDtoAsync(session, review, caller, options.Value.VetoReasons);
        var given = request.Scores!;
        var points = new List<(string Code, decimal Points)>();
        foreach (var unknown in given.Keys.Except(dto.Rubric.Select(c => c.Code)))
        {
            checks.Add($"scores.{unknown}", "Not a criterion of this review's rubric.");
        }

        foreach (var criterion in dto.Rubric)
        {
            var field = $"scores.{criterion.Code}";
            if (given.TryGetValue(criterion.Code, out var score))
            {
                checks.When(score < 0 || score > criterion.Weight, field, $"Between 0 and {criterion.Weight:0.##} ({criterion.Name}).")
                    .When(decimal.Round(score, Quantities.Decimals) != score, field, $"At most {Quantities.Decimals} decimal places.");
                points.Add((criterion.Code, score));
            }
            else if (criterion.Suggested is { } suggested)
            {
                points.Add((criterion.Code, suggested));
            }
            else
            {
                checks.Add(field, $"Required: score {criterion.Name} from 0 to {criterion.Weight:0.##}.");
            }
        }

        if (!checks.Ok)
        {
            return checks.Problem();
        }

        var now = clock.UtcNow;
        var total = points.Sum(p => p.Points);
        await session.ExecuteAsync("DELETE FROM review_scores WHERE review_id = @id AND member_id = @Me", new { id, Me = caller.Id });
        var replaced = await session.ExecuteAsync("""
            UPDATE review_sheets SET vote = @Vote, total = @Total, comment = @Comment, updated_at = @now WHERE review_id = @id AND member_id = @Me
            """, new { id, Me = caller.Id, Vote = request.Vote!.Value.ToCode(), Total = Quantities.ToStored(total), request.Comment, now });
        if (replaced == 0)
        {
            await session.ExecuteAsync("""
                INSERT INTO review_sheets (review_id, member_id, vote, total, comment, created_at, updated_at) VALUES (@id, @Me, @Vote, @Total, @Comment, @now, @now)
                """, new { id, Me = caller.Id, Vote = request.Vote!.Value.ToCode(), Total = Quantities.ToStored(total), request.Comment, now });
        }

        await session.ExecuteAsync("INSERT INTO review_scores (review_id, member_id, criterion, points) VALUES (@id, @Me, @Code, @Points)",
            points.Select(p => new { id, Me = caller.Id, p.Code, Points = Quantities.ToStored(p.Points) }));
        await audit.WriteAsync(session, "score", "review", id, $"total {total:0.##}, {request.Vote}");
        var sheet = (await ReviewStore.ToDtoAsync(session, review, caller, options.Value.VetoReasons)).MySheet!;
        await session.CommitAsync();
        return TypedResults.Ok(sheet);
    }

    private static async Task<Results<Ok<DecisionDto>, ProblemHttpResult>> Decide(
        long id, DecisionInput request, Caller caller, Db db, AuditLog audit, BusinessClock clock, IOptions<ReviewOptions> options, CancellationToken ct)
    {
        var conditions = request.Conditions ?? [];
        var checks = new Checks().Text("note", request.Note, 2000);
        CheckVetoCodes(checks, "vetoCodes", request.VetoCodes, options.Value.VetoReasons);
        for (var i = 0; i < conditions.Count; i++)
        {
            checks.Text($"conditions[{i}].text", conditions[i].Text, 1000, required: true)
                .Quantity($"conditions[{i}].threshold", conditions[i].Threshold, allowZero: true)
                .When(conditions[i].ByYear is < 2000 or > 2100, $"conditions[{i}].byYear", "A year such as 2028.")
                .When(conditions[i].Indicator is not null && conditions[i].Threshold is null, $"conditions[{i}].threshold", "An indicator commitment needs a threshold.");
        }

        if (!checks.Ok)
        {
            return checks.Problem();
        }

        await using var session = await db.BeginAsync(ct);
        await ReviewStore.LockAsync(session, id);
        var review = await ReviewStore.FindAsync(session, id, caller);
        if (review is null)
        {
            return Problems.NotFound(NotFoundMessage(id));
        }

        if (!caller.IsAdmin && review.ChairId != caller.Id)
        {
            return Problems.Forbidden(review.ChairId is { } chair
                ? $"Only the chair of this review (user {chair}) or an admin records the decision."
                : "This review has no chair; an admin records the decision.");
        }

        if (!review.IsOpen)
        {
            return Decided(id);
        }

        var defer = request.Defer ?? false;
        var sheets = await session.QueryAsync<(long Total, string Vote)>("SELECT total, vote FROM review_sheets WHERE review_id = @id", new { id });
        var policy = options.Value.Policy;
        if (Decisions.QuorumProblem(sheets.Count, defer, policy) is { } quorum)
        {
            return Problems.Conflict("review.quorum", quorum, new Dictionary<string, object?> { ["sheetsIn"] = sheets.Count, ["quorum"] = policy.Quorum });
        }

        await ReviewStore.AddVetoesAsync(session, id, (request.VetoCodes ?? []).Distinct().Select(code => (code, "decision")));
        var vetoed = await session.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM review_vetoes WHERE review_id = @id", new { id }) > 0;
        var decision = Decisions.Decide(
            sheets.Select(s => (Quantities.FromStored(s.Total), Enum.Parse<Vote>(s.Vote, ignoreCase: true))).ToList(), vetoed, defer, policy);
        var today = clock.Today;
        var now = clock.UtcNow;
        await session.ExecuteAsync("""
            UPDATE reviews SET status = 'decided', outcome = @Outcome, score = @Score, land_class = @LandClass, vetoed = @vetoed,
                decision_note = @Note, decided_on = @today, decided_by = @By, version = version + 1, updated_at = @now
            WHERE id = @id AND status = 'open'
            """, new
        {
            id, vetoed, today, now, By = caller.Id, Note = request.Note?.Trim(), Outcome = decision.Outcome.ToCode(),
            Score = Quantities.ToStored(decision.Score), LandClass = decision.LandClass.ToString(),
        });
        await session.ExecuteAsync("""
            INSERT INTO review_conditions (review_id, project_id, text, indicator, threshold, by_year) VALUES (@id, @ProjectId, @Text, @Indicator, @Threshold, @ByYear)
            """, conditions.Select(c => new
            {
                id, review.ProjectId, Text = c.Text!.Trim(), Indicator = c.Indicator is { } i ? i.ToCode() : null,
                Threshold = ProjectStore.Stored(c.Threshold), c.ByYear,
            }));
        if (decision.Outcome == ReviewOutcome.Rejected)
        {
            await SendBackAsync(session, review, decision, request.DropOnReject ?? false, caller, today, now);
        }

        await audit.WriteAsync(session, "decide", "review", id, $"{decision.Outcome} score {decision.Score:0.##} class {decision.LandClass}{(vetoed ? " vetoed" : "")}");
        await session.CommitAsync();
        return TypedResults.Ok(new DecisionDto(decision.Outcome, decision.Score, decision.LandClass, decision.Vetoed, decision.Approvals, decision.Sheets,
            today, caller.Id, request.Note?.Trim()));
    }

    /// <summary>A rejected project goes back to talks, or is dropped when the chair says so.</summary>
    private static async Task SendBackAsync(DbSession session, ReviewRow review, Decision decision, bool drop, Caller caller, DateOnly today, DateTime now)
    {
        var project = await session.QuerySingleOrDefaultAsync<(string Stage, int Version)>(
            "SELECT stage, version FROM projects WHERE id = @ProjectId", new { review.ProjectId });
        if (project.Stage != Stage.PreReview.Code())
        {
            return;
        }

        var to = drop ? Stage.Dropped : Stage.Talks;
        await ProjectStore.MoveAsync(session, review.ProjectId, project.Version,
            new StageMove(to, today, drop ? Stage.PreReview : null, null, null, null, null), now);
        await ProjectStore.AddHistoryAsync(session, new HistoryRecord(review.ProjectId, Stage.PreReview, to, today, caller.Id,
            $"预审未通过 (review {review.Id}, score {decision.Score:0.##}{(decision.Vetoed ? ", vetoed" : "")})",
            ReasonCode: drop ? "reviewRejected" : null), now);
    }

    private static void CheckVetoCodes(Checks checks, string field, IReadOnlyList<string>? codes, IReadOnlyDictionary<string, string> known)
    {
        foreach (var code in (codes ?? []).Where(c => !known.ContainsKey(c)))
        {
            checks.Add(field, $"'{code}' is not a veto reason; use one of: {string.Join(", ", known.Keys)}.");
        }
    }

    private static ProblemHttpResult AlreadyOpen(long? reviewId) => Problems.Conflict("review.alreadyOpen",
        "The project is under a review that has not been decided yet.", new Dictionary<string, object?> { ["reviewId"] = reviewId });

    private static ProblemHttpResult Decided(long id) =>
        Problems.Conflict("review.decided", $"Review {id} has been decided; its sheets and decision are final.");

    private static string NotFoundMessage(long id) => $"There is no review {id}, or it is outside what you may see.";
}
