using Pipeline.Api.Features.Projects;
using Pipeline.Domain.Accounts;
using Pipeline.Domain.Reviews;

namespace Pipeline.Api.Features.Reviews;

public static class ReviewStore
{
    public const string Open = "open";
    public const string Decided = "decided";
    public const string Withdrawn = "withdrawn";

    private const string Columns = """
        r.id, r.project_id, p.name AS ProjectName, r.rubric_id, r.standard_id,
        r.chair_id, r.status, r.applied_on, r.land_area_mu,
        r.fixed_asset_investment, r.annual_output, r.annual_tax,
        r.annual_energy_tce, r.employees, r.rd_ratio, r.plot_ratio,
        r.outcome, r.score, r.land_class, r.vetoed, r.decision_note,
        r.decided_on, r.decided_by, r.version
        """;

    private const string From = "reviews r JOIN projects p ON p.id = r.project_id";

    /// <summary>
    /// Committee members read the reviews still open and the ones they scored; everyone else the reviews of the projects
    /// they may read (a member who is also staff or a leader reads both).
    /// </summary>
    internal static string? ReadScope(Caller caller, DynamicParameters args)
    {
        var projects = ProjectScope.Read(caller, args);
        if (!caller.Is(Role.Committee) || projects is null)
        {
            return projects;
        }

        args.Add("ScopeMemberId", caller.Id);
        return $"""
            (r.status = 'open' OR EXISTS (SELECT 1 FROM review_sheets ms WHERE ms.review_id = r.id AND ms.member_id = @ScopeMemberId)
             OR ({projects}))
            """;
    }

    public static Task<ReviewRow?> FindAsync(DbSession session, long id, Caller caller)
    {
        var args = new DynamicParameters(new { id });
        var scope = ReadScope(caller, args);
        return session.QuerySingleOrDefaultAsync<ReviewRow>($"SELECT {Columns} FROM {From} WHERE r.id = @id{(scope is null ? "" : " AND " + scope)}", args);
    }

    public static async Task<(IReadOnlyList<ReviewSummary> Items, long Total)> ListAsync(
        DbSession session, string? status, long? projectId, Caller caller, int skip, int take)
    {
        var (rows, total) = await session.PageAsync<ReviewRow>(Columns, From, ListFilter(status, projectId, caller), "r.id DESC", skip, take);
        return (rows.Select(r => r.ToSummary()).ToList(), total);
    }

    /// <summary>Every review of the list's filter, newest first, read one at a time.</summary>
    public static IEnumerable<ReviewRow> Export(DbSession session, string? status, long? projectId, Caller caller)
    {
        var filter = ListFilter(status, projectId, caller);
        return session.Stream<ReviewRow>(_ => $"SELECT {Columns} FROM {From} {filter.Where} ORDER BY r.id DESC", filter.Args);
    }

    private static SqlFilter ListFilter(string? status, long? projectId, Caller caller)
    {
        var filter = new SqlFilter().When(status, "r.status = @Status", "Status").When(projectId, "r.project_id = @ProjectId", "ProjectId");
        if (ReadScope(caller, filter.Args) is { } scope)
        {
            filter.Add(scope);
        }

        return filter;
    }

    /// <summary>The review with everything a reader may see of it, in one round trip; sheet visibility is decided in the query.</summary>
    public static async Task<ReviewDto> ToDtoAsync(DbSession session, ReviewRow review, Caller caller, IReadOnlyDictionary<string, string> vetoNames)
    {
        using var grid = await session.QueryMultipleAsync(d => $"""
            SELECT indicator, value, min_value, max_value, met, gap
            FROM review_checks WHERE review_id = @Id ORDER BY indicator;
            SELECT code, source FROM review_vetoes WHERE review_id = @Id ORDER BY code;
            SELECT code, name, weight, indicator, points_per_step, step
            FROM rubric_criteria WHERE rubric_id = @RubricId ORDER BY sort_order;
            SELECT COUNT(*) FROM review_sheets WHERE review_id = @Id;
            SELECT s.member_id, u.display_name AS MemberName, s.vote, s.total, s.comment, s.updated_at
            FROM review_sheets s JOIN users u ON u.id = s.member_id
            WHERE s.review_id = @Id AND (@Decided = {d.True} OR s.member_id = @Me) ORDER BY s.member_id;
            SELECT sc.member_id, sc.criterion, sc.points
            FROM review_scores sc WHERE sc.review_id = @Id AND (@Decided = {d.True} OR sc.member_id = @Me);
            SELECT id, text, indicator, threshold, by_year
            FROM review_conditions WHERE review_id = @Id ORDER BY id;
            """, new { review.Id, review.RubricId, Decided = !review.IsOpen, Me = caller.Id });
        var checks = (await grid.ReadAsync<CheckRow>()).Select(c => c.ToCheck()).OrderBy(c => c.Indicator).ToList();
        var vetoes = (await grid.ReadAsync<(string Code, string Source)>())
            .Select(v => new VetoDto(v.Code, vetoNames.GetValueOrDefault(v.Code, v.Code), v.Source)).ToList();
        var rubric = (await grid.ReadAsync<CriterionRow>()).Select(c => c.ToCriterion()).ToList();
        var sheetsIn = (int)await grid.ReadSingleAsync<long>();
        var sheetRows = (await grid.ReadAsync<SheetRow>()).AsList();
        var scores = (await grid.ReadAsync<ScoreRow>()).ToLookup(s => s.MemberId);
        var conditions = (await grid.ReadAsync<ConditionRow>()).Select(c => c.ToDto()).ToList();

        var sheets = sheetRows.Select(s => new ScoreSheet(
            s.MemberId, s.MemberName, s.Vote, Quantities.FromStored(s.Total), s.Comment,
            scores[s.MemberId].Select(p => new SheetScore(p.Criterion, Quantities.FromStored(p.Points))).ToList(), s.UpdatedAt)).ToList();
        var byIndicator = checks.ToDictionary(c => c.Indicator);
        var criteria = rubric.Select(c => new ReviewCriterion(c.Code, c.Name, c.Weight, c.Indicator,
            c.Indicator is { } i ? RubricRules.Suggest(c, byIndicator.GetValueOrDefault(i)) : null)).ToList();
        var decision = review.Outcome is { } outcome
            ? new DecisionDto(outcome, Quantities.FromStored(review.Score ?? 0), review.LandClass ?? LandClass.D, review.Vetoed ?? false,
                sheets.Count(s => s.Vote == Vote.Approve), sheetsIn, review.DecidedOn, review.DecidedBy, review.DecisionNote)
            : null;
        return new ReviewDto(
            review.Id, review.ProjectId, review.ProjectName, review.Status, review.AppliedOn, review.ChairId, review.StandardId, review.ToFigures(),
            checks.Select(c => c.ToResult()).ToList(), vetoes, vetoes.Count > 0, criteria, sheetsIn,
            sheets.FirstOrDefault(s => s.MemberId == caller.Id), review.IsOpen ? null : sheets, decision, conditions, review.Version);
    }

    public static async Task<IReadOnlyList<EntryStandard>> StandardsAsync(DbSession session)
    {
        using var grid = await session.QueryMultipleAsync(_ => """
            SELECT id, industry_code, park_unit_id FROM entry_standards ORDER BY id;
            SELECT standard_id, indicator, min_value, max_value FROM entry_standard_thresholds;
            """);
        var standards = await grid.ReadAsync<(long Id, string? IndustryCode, long? ParkUnitId)>();
        var thresholds = (await grid.ReadAsync<ThresholdRow>()).ToLookup(t => t.StandardId);
        return standards.Select(s => new EntryStandard(s.Id, s.IndustryCode, s.ParkUnitId,
            thresholds[s.Id].ToDictionary(t => t.Indicator, t => new Threshold(Quantities.FromStored(t.MinValue), Quantities.FromStored(t.MaxValue)))))
            .ToList();
    }

    public static Task<long> CurrentRubricIdAsync(DbSession session) =>
        session.ExecuteScalarAsync<long>("SELECT MAX(id) FROM rubrics");

    public static async Task<IReadOnlyList<Criterion>> RubricAsync(DbSession session, long rubricId) =>
        (await session.QueryAsync<CriterionRow>("""
            SELECT code, name, weight, indicator, points_per_step, step
            FROM rubric_criteria WHERE rubric_id = @rubricId ORDER BY sort_order
            """, new { rubricId })).Select(c => c.ToCriterion()).ToList();

    public static async Task<long> InsertAsync(
        DbSession session, long projectId, long rubricId, long? standardId, long? chairId, DateOnly appliedOn, ApplicantFigures figures,
        int? employees, IReadOnlyList<IndicatorCheck> checks, IEnumerable<(string Code, string Source)> vetoes, long createdBy, DateTime now)
    {
        var id = await session.InsertAsync("""
            INSERT INTO reviews (project_id, rubric_id, standard_id, chair_id, status, applied_on, land_area_mu, fixed_asset_investment,
                annual_output, annual_tax, annual_energy_tce, employees, rd_ratio, plot_ratio, version, created_at, updated_at, created_by)
            VALUES (@projectId, @rubricId, @standardId, @chairId, 'open', @appliedOn, @LandAreaMu, @FixedAssetInvestment,
                @AnnualOutput, @AnnualTax, @AnnualEnergyTce, @employees, @RdRatio, @PlotRatio, 1, @now, @now, @createdBy)
            """,
            new
            {
                projectId, rubricId, standardId, chairId, appliedOn, employees, createdBy, now,
                LandAreaMu = Quantities.ToStored(figures.LandAreaMu),
                FixedAssetInvestment = Quantities.ToStored(figures.FixedAssetInvestment),
                AnnualOutput = Quantities.ToStored(figures.AnnualOutput),
                AnnualTax = Quantities.ToStored(figures.AnnualTax),
                AnnualEnergyTce = Quantities.ToStored(figures.AnnualEnergyTce),
                RdRatio = Quantities.ToStored(figures.RdRatio),
                PlotRatio = Quantities.ToStored(figures.PlotRatio),
            });
        await session.ExecuteAsync("""
            INSERT INTO review_checks (review_id, indicator, value, min_value, max_value, met, gap) VALUES (@id, @Indicator, @Value, @Min, @Max, @Met, @Gap)
            """, checks.Select(c => new
        {
            id,
            Indicator = c.Indicator.ToCode(),
            Value = Quantities.ToStored(c.Value),
            Min = Quantities.ToStored(c.Threshold?.Min),
            Max = Quantities.ToStored(c.Threshold?.Max),
            c.Met,
            Gap = c.Gap is { } g ? (long?)Quantities.ToStored(Math.Round(g, Quantities.Decimals)) : null,
        }));
        await AddVetoesAsync(session, id, vetoes);
        return id;
    }

    /// <summary>Adds the vetoes a review does not have yet; one already there keeps its first source.</summary>
    public static Task AddVetoesAsync(DbSession session, long reviewId, IEnumerable<(string Code, string Source)> vetoes) =>
        session.ExecuteAsync(d => d.Upsert("review_vetoes", ["review_id", "code"],
            new Dictionary<string, string> { ["review_id"] = "@reviewId", ["code"] = "@Code", ["source"] = "@Source" }),
            vetoes.Select(v => new { reviewId, v.Code, v.Source }));

    /// <summary>A member's one score sheet per review, put whole: the vote and total, and a score for every criterion.</summary>
    public static async Task PutSheetAsync(
        DbSession session, long reviewId, long memberId, Vote vote, decimal total, string? comment, IReadOnlyList<(string Code, decimal Points)> points, DateTime now)
    {
        await session.ExecuteAsync(d => d.Upsert("review_sheets", ["review_id", "member_id"],
            new Dictionary<string, string>
            {
                ["review_id"] = "@reviewId", ["member_id"] = "@memberId", ["vote"] = "@Vote", ["total"] = "@Total", ["comment"] = "@comment",
                ["created_at"] = "@now", ["updated_at"] = "@now",
            }, "vote", "total", "comment", "updated_at"),
            new { reviewId, memberId, Vote = vote.ToCode(), Total = Quantities.ToStored(total), comment, now });
        await session.ExecuteAsync(d => d.Upsert("review_scores", ["review_id", "member_id", "criterion"],
            new Dictionary<string, string> { ["review_id"] = "@reviewId", ["member_id"] = "@memberId", ["criterion"] = "@Code", ["points"] = "@Points" }, "points"),
            points.Select(p => new { reviewId, memberId, p.Code, Points = Quantities.ToStored(p.Points) }));
    }

    public static Task<IReadOnlyList<(long Total, string Vote)>> SheetsAsync(DbSession session, long reviewId) =>
        session.QueryAsync<(long Total, string Vote)>("SELECT total, vote FROM review_sheets WHERE review_id = @reviewId", new { reviewId });

    public static async Task<bool> IsVetoedAsync(DbSession session, long reviewId) =>
        await session.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM review_vetoes WHERE review_id = @reviewId", new { reviewId }) > 0;

    /// <summary>Records the decision if the review is still open; false when another decision came first.</summary>
    public static async Task<bool> DecideAsync(
        DbSession session, ReviewRow review, Decision decision, string? note, IReadOnlyList<ConditionInput> conditions, long by, DateOnly today, DateTime now)
    {
        if (await session.ExecuteAsync("""
                UPDATE reviews SET status = 'decided', outcome = @Outcome, score = @Score, land_class = @LandClass, vetoed = @Vetoed,
                    decision_note = @note, decided_on = @today, decided_by = @by, version = version + 1, updated_at = @now
                WHERE id = @Id AND status = 'open'
                """, new
        {
            review.Id, decision.Vetoed, today, now, by, note, Outcome = decision.Outcome.ToCode(),
            Score = Quantities.ToStored(decision.Score), LandClass = decision.LandClass.ToString(),
        }) == 0)
        {
            return false;
        }

        if (decision.Outcome == ReviewOutcome.Passed)
        {
            await Projects.ProjectStore.MarkReviewPassedAsync(session, review.ProjectId, today);
        }

        await session.ExecuteAsync("""
            INSERT INTO review_conditions (review_id, project_id, text, indicator, threshold, by_year) VALUES (@Id, @ProjectId, @Text, @Indicator, @Threshold, @ByYear)
            """, conditions.Select(c => new
        {
            review.Id, review.ProjectId, Text = c.Text!.Trim(), Indicator = c.Indicator is { } i ? i.ToCode() : null,
            Threshold = Quantities.ToStored(c.Threshold), c.ByYear,
        }));
        return true;
    }

    public static async Task<IReadOnlyList<long>> ParkChainAsync(DbSession session, long unitId) =>
        await session.QueryAsync<long>("SELECT ancestor_id FROM unit_tree WHERE descendant_id = @unitId", new { unitId });

    public static Task<long> InsertStandardAsync(DbSession session, EntryStandardInput standard, DateTime now) => session.InsertAsync("""
        INSERT INTO entry_standards (scope_key, industry_code, park_unit_id, name, version, created_at, updated_at)
        VALUES (@Key, @IndustryCode, @ParkUnitId, @Name, 1, @now, @now)
        """, new { Key = EntryStandards.ScopeKey(standard.IndustryCode, standard.ParkUnitId), standard.IndustryCode, standard.ParkUnitId, Name = standard.Name!.Trim(), now });

    public static async Task<bool> RenameStandardAsync(DbSession session, long id, int expectedVersion, string name, DateTime now) =>
        await session.ExecuteAsync("UPDATE entry_standards SET name = @name, version = version + 1, updated_at = @now WHERE id = @id AND version = @expectedVersion",
            new { id, expectedVersion, name, now }) == 1;

    public static async Task ReplaceThresholdsAsync(DbSession session, long standardId, IEnumerable<ThresholdInput> thresholds)
    {
        await session.ExecuteAsync("DELETE FROM entry_standard_thresholds WHERE standard_id = @standardId", new { standardId });
        await session.ExecuteAsync("""
            INSERT INTO entry_standard_thresholds (standard_id, indicator, min_value, max_value) VALUES (@standardId, @Indicator, @Min, @Max)
            """, thresholds.Select(t => new { standardId, Indicator = t.Indicator!.Value.ToCode(), Min = Quantities.ToStored(t.Min), Max = Quantities.ToStored(t.Max) }));
    }

    /// <summary>Entry standards as admins edit them: one, or all when <paramref name="id"/> is null.</summary>
    public static async Task<IReadOnlyList<EntryStandardDto>> StandardDtosAsync(DbSession session, long? id)
    {
        using var grid = await session.QueryMultipleAsync(_ => """
            SELECT id, industry_code, park_unit_id, name, version FROM entry_standards WHERE @id IS NULL OR id = @id ORDER BY id;
            SELECT standard_id, indicator, min_value, max_value FROM entry_standard_thresholds WHERE @id IS NULL OR standard_id = @id;
            """, new { id });
        var standards = await grid.ReadAsync<(long Id, string? IndustryCode, long? ParkUnitId, string Name, int Version)>();
        var thresholds = (await grid.ReadAsync<(long StandardId, string Indicator, long? Min, long? Max)>()).ToLookup(t => t.StandardId);
        return standards.Select(s => new EntryStandardDto(s.Id, s.IndustryCode, s.ParkUnitId, s.Name,
            thresholds[s.Id]
                .Select(t => (Info: Enum.Parse<Indicator>(t.Indicator, ignoreCase: true).Info(), t.Min, t.Max))
                .OrderBy(t => t.Info.Indicator)
                .Select(t => new ThresholdDto(t.Info.Indicator, t.Info.Name, t.Info.Unit, t.Info.Direction, Quantities.FromStored(t.Min), Quantities.FromStored(t.Max)))
                .ToList(),
            s.Version)).ToList();
    }

    /// <summary>A new version of the rubric, replacing the whole set of criteria.</summary>
    public static async Task<long> InsertRubricAsync(DbSession session, IReadOnlyList<Criterion> criteria, long by, DateTime now)
    {
        var id = await session.InsertAsync("INSERT INTO rubrics (created_at, created_by) VALUES (@now, @by)", new { now, by });
        await session.ExecuteAsync("""
            INSERT INTO rubric_criteria (rubric_id, code, name, weight, indicator, points_per_step, step, sort_order)
            VALUES (@id, @Code, @Name, @Weight, @Indicator, @PointsPerStep, @Step, @Order)
            """, criteria.Select((c, i) => new
        {
            id, c.Code, c.Name, Weight = Quantities.ToStored(c.Weight), Indicator = c.Indicator is { } ind ? ind.ToCode() : null,
            PointsPerStep = Quantities.ToStored(c.PointsPerStep), Step = Quantities.ToStored(c.Step), Order = i + 1,
        }));
        return id;
    }

    public static async Task<RubricDto> RubricDtoAsync(DbSession session)
    {
        var id = await CurrentRubricIdAsync(session);
        var criteria = await RubricAsync(session, id);
        return new RubricDto(id, criteria.Select(c => new CriterionDto(c.Code, c.Name, c.Weight, c.Indicator, c.PointsPerStep, c.Step)).ToList());
    }

    /// <summary>
    /// Holds the review's row until the transaction ends, so that score sheets and the decision on one review go one at a
    /// time: under READ COMMITTED a sheet could otherwise slip in after the decision read the sheets. Taken before the review
    /// is read, so what is read after it is current.
    /// </summary>
    public static Task LockAsync(DbSession session, long id) =>
        session.ExecuteAsync("UPDATE reviews SET version = version WHERE id = @id", new { id });

    /// <summary>Withdraws the project's open review (the project was dropped): nobody scores or decides it any more.</summary>
    public static Task WithdrawOpenAsync(DbSession session, long projectId, DateTime now) => session.ExecuteAsync("""
        UPDATE reviews SET status = 'withdrawn', version = version + 1, updated_at = @now WHERE project_id = @projectId AND status = 'open'
        """, new { projectId, now });

    /// <summary>The latest review of a project, which is the one that counts for signing and land supply.</summary>
    public static Task<ReviewRow?> LatestAsync(DbSession session, long projectId) =>
        session.QuerySingleOrDefaultAsync<ReviewRow>(d => $"SELECT {Columns} FROM {From} WHERE r.project_id = @projectId ORDER BY r.id DESC {d.Limit(1)}", new { projectId });

    private sealed class ThresholdRow
    {
        public long StandardId { get; init; }

        public Indicator Indicator { get; init; }

        public long? MinValue { get; init; }

        public long? MaxValue { get; init; }
    }
}
