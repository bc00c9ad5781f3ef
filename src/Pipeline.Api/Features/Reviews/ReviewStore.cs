using Dapper;
using Pipeline.Api.Data;
using Pipeline.Api.Features.Projects;
using Pipeline.Api.Hosting;
using Pipeline.Domain;
using Pipeline.Domain.Accounts;
using Pipeline.Domain.Reviews;

namespace Pipeline.Api.Features.Reviews;

public static class ReviewStore
{
    public const string Open = "open";
    public const string Decided = "decided";

    private const string Columns = """
        r.id, r.project_id, p.name AS ProjectName, r.rubric_id, r.standard_id,
        r.chair_id, r.status, r.applied_on, r.land_area_mu,
        r.fixed_asset_investment, r.annual_output, r.annual_tax,
        r.annual_energy_tce, r.employees, r.rd_ratio, r.plot_ratio,
        r.outcome, r.score, r.land_class, r.vetoed, r.decision_note,
        r.decided_on, r.decided_by, r.version
        """;

    private const string From = "reviews r JOIN projects p ON p.id = r.project_id";

    /// <summary>Committee members read every review; everyone else the reviews of the projects they may read.</summary>
    private static string? ReadScope(Caller caller, DynamicParameters args) =>
        caller.Is(Role.Committee) ? null : ProjectScope.Read(caller, args);

    public static Task<ReviewRow?> FindAsync(DbSession session, long id, Caller caller)
    {
        var args = new DynamicParameters(new { id });
        var scope = ReadScope(caller, args);
        return session.QuerySingleOrDefaultAsync<ReviewRow>($"SELECT {Columns} FROM {From} WHERE r.id = @id{(scope is null ? "" : " AND " + scope)}", args);
    }

    public static async Task<(IReadOnlyList<ReviewSummary> Items, long Total)> ListAsync(
        DbSession session, string? status, long? projectId, Caller caller, int skip, int take)
    {
        var filter = new SqlFilter().When(status, "r.status = @Status", "Status").When(projectId, "r.project_id = @ProjectId", "ProjectId");
        if (ReadScope(caller, filter.Args) is { } scope)
        {
            filter.Add(scope);
        }

        var (rows, total) = await session.PageAsync<ReviewRow>(Columns, From, filter, "r.id DESC", skip, take);
        return (rows.Select(r => r.ToSummary()).ToList(), total);
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
                RdRatio = ProjectStore.Stored(figures.RdRatio),
                PlotRatio = ProjectStore.Stored(figures.PlotRatio),
            });
        await session.ExecuteAsync("""
            INSERT INTO review_checks (review_id, indicator, value, min_value, max_value, met, gap) VALUES (@id, @Indicator, @Value, @Min, @Max, @Met, @Gap)
            """, checks.Select(c => new
            {
                id,
                Indicator = c.Indicator.ToCode(),
                Value = ProjectStore.Stored(c.Value),
                Min = ProjectStore.Stored(c.Threshold?.Min),
                Max = ProjectStore.Stored(c.Threshold?.Max),
                c.Met,
                Gap = c.Gap is { } g ? (long?)Quantities.ToStored(Math.Round(g, Quantities.Decimals)) : null,
            }));
        await AddVetoesAsync(session, id, vetoes);
        return id;
    }

    public static Task AddVetoesAsync(DbSession session, long reviewId, IEnumerable<(string Code, string Source)> vetoes) =>
        session.ExecuteAsync("""
            INSERT INTO review_vetoes (review_id, code, source)
            SELECT @reviewId, @Code, @Source WHERE NOT EXISTS (SELECT 1 FROM review_vetoes WHERE review_id = @reviewId AND code = @Code)
            """, vetoes.Select(v => new { reviewId, v.Code, v.Source }));

    /// <summary>
    /// Holds the review's row until the transaction ends, so that score sheets and the decision on one review go one at a
    /// time: under READ COMMITTED two first sheets of one member would both insert, or a sheet slip in after the decision
    /// read the sheets. Taken before the review is read, so what is read after it is current.
    /// </summary>
    public static Task LockAsync(DbSession session, long id) =>
        session.ExecuteAsync("UPDATE reviews SET version = version WHERE id = @id", new { id });

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
