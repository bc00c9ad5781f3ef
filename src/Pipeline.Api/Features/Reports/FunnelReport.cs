using Pipeline.Domain.Progress;
using Pipeline.Domain.Projects;

namespace Pipeline.Api.Features.Reports;

/// <summary>
/// The funnel ("在谈项目多、过会少、签约落地更少"), in two modes. <c>cohort</c> (the default): of the projects that entered talks
/// in the period, how many have reached each row by now — a project that reached a later stage counts as past the earlier
/// ones (a ledger's signed project passed its review even when the review is not in Pipeline), so each row is part of the
/// one above and every conversion is of the same projects. <c>period</c>: how many projects first reached each row within
/// the period, whenever their talks began, with each conversion the ratio of two rows' counts. Each row says what its
/// conversion is of; <c>current</c> is how many are in each stage today (过会: passed and waiting to sign). Each project keeps
/// the date it first reached every stage, and its first passed review's date, so no report reads the history.
/// </summary>
public static class FunnelReport
{
    /// <summary>
    /// The first date a project reached each row (null: never), on the projects <c>p</c>: 过会 is the project's own
    /// <c>review_passed_on</c>, the first passed decision (or a migrated ledger's date), so that no report joins the reviews.
    /// </summary>
    private static readonly (FunnelStep Step, string Column)[] Reaching =
    [
        (FunnelStep.Talks, "p.talks_started_on"), (FunnelStep.PreReview, "p.pre_review_on"), (FunnelStep.ReviewPassed, "p.review_passed_on"),
        (FunnelStep.Signed, "p.signed_on"), (FunnelStep.LandSupply, "p.land_supplied_on"), (FunnelStep.Groundbreaking, "p.groundbreaking_on"),
        (FunnelStep.Production, "p.production_on"),
    ];

    public sealed record Query(DateOnly? From, DateOnly? To, long? UnitId, string? IndustryCode, string? Mode, string? Format);

    /// <param name="OfCohort">In cohort mode, the row's projects as a share (%) of the batch; null in period mode.</param>
    /// <param name="ConversionOf">What <c>conversion</c> is a share of, in words.</param>
    public sealed record StageRow(
        FunnelStep Stage, string StageName, long Reached, decimal Amount, decimal? Conversion, long Current, decimal? OfCohort, string ConversionOf);

    /// <param name="Explanation">What the rows count, in words.</param>
    public sealed record Result(FunnelMode Mode, DateOnly From, DateOnly To, IReadOnlyList<StageRow> Stages, long DroppedNow, string Explanation);

    /// <summary>The funnel sheet (漏斗): a row per stage, with what its conversion is a share of.</summary>
    public static readonly Columns<StageRow> Sheet = new Columns<StageRow>()
        .Text("阶段", s => s.StageName, 8)
        .Count("项目数", s => s.Reached)
        .Amount("总投资(万元)", s => s.Amount)
        .Rate("转化率", s => s.Conversion)
        .Text("转化率口径", s => s.ConversionOf, 30)
        .Rate("占批次比例", s => s.OfCohort)
        .Count("当前项目数", s => s.Current);

    public static async Task<Results<Ok<Result>, FileStreamHttpResult, ProblemHttpResult>> Get(
        [AsParameters] Query query, Caller caller, Db db, BusinessClock clock, CancellationToken ct)
    {
        var today = clock.Today;
        var from = query.From ?? new DateOnly(today.Year, 1, 1);
        var to = query.To ?? today;
        var checks = new Checks().When(from > to, "from", Words.Format(Messages.NotAfter, "to"));
        var mode = checks.Enum<FunnelMode>("mode", query.Mode) ?? FunnelMode.Cohort;
        if (Excel.FormatProblem(query.Format) is { } formatProblem)
        {
            return formatProblem;
        }

        if (!checks.Ok)
        {
            return checks.Problem();
        }

        await using var session = await db.OpenForReportsAsync(ct);
        var result = await RunAsync(session, mode, from, to, ReportScope.Projects(caller, query.UnitId, query.IndustryCode));
        return Excel.Wanted(query.Format)
            ? await Excel.FileAsync($"招商漏斗-{from:yyyyMMdd}-{to:yyyyMMdd}.xlsx", ct, new Sheet<StageRow>("漏斗",
                Excel.Title(mode == FunnelMode.Cohort ? "招商漏斗·批次" : "招商漏斗·期间", (mode == FunnelMode.Cohort ? "洽谈于 " : "") + Excel.Period(from, to), today),
                Sheet, result.Stages))
            : TypedResults.Ok(result);
    }

    public static async Task<Result> RunAsync(DbSession session, FunnelMode mode, DateOnly from, DateOnly to, SqlFilter filter)
    {
        // Today's counts by stage read the narrow stage index instead of testing every stage on every project (0.1 s → 15 ms
        // at 100,000 projects).
        using var grid = await session.QueryMultipleAsync(_ => $"""
            {(mode == FunnelMode.Cohort ? CohortSql(filter) : PeriodSql(filter))};
            SELECT p.stage AS Stage, COUNT(*) AS Projects FROM projects p WHERE {filter.Conditions()} GROUP BY p.stage;
            SELECT COUNT(*) FROM projects p WHERE {filter.Conditions()} AND p.stage = 'preReview' AND p.review_passed_on IS NOT NULL;
            """, filter.With(new { From = from, To = to }));
        var reach = mode == FunnelMode.Cohort
            ? Reach.OfCohort((IDictionary<string, object?>)await grid.ReadSingleAsync<dynamic>())
            : Reach.OfPeriod(await grid.ReadAsync<PeriodRow>());
        var byStage = (await grid.ReadAsync<(string Stage, long Projects)>()).ToDictionary(s => s.Stage, s => s.Projects);
        var passedWaiting = await grid.ReadSingleAsync<long>();
        long InStage(Stage stage) => byStage.GetValueOrDefault(stage.Code());

        long Current(FunnelStep step) => step switch
        {
            FunnelStep.PreReview => InStage(Stage.PreReview) - passedWaiting,
            FunnelStep.ReviewPassed => passedWaiting,
            _ => InStage(step.StageOf()),
        };

        var cohort = reach.Reached[0];
        var stages = Reaching.Select((r, i) =>
        {
            var count = reach.Reached[i];
            var basis = i == 0 ? (long?)null : reach.Bases[i] ?? reach.Reached[i - 1];
            return new StageRow(r.Step, r.Step.Chinese(), count, Quantities.FromStored(reach.Amounts[i]),
                basis is { } b ? Commitments.Rate(count, b) : null, Current(r.Step),
                mode == FunnelMode.Cohort ? Commitments.Rate(count, cohort) : null, ConversionOf(mode, r.Step));
        }).ToList();
        var explanation = Words.Format(mode == FunnelMode.Cohort ? Messages.FunnelCohortExplained : Messages.FunnelPeriodExplained,
            from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return new Result(mode, from, to, stages, InStage(Stage.Dropped), explanation);
    }

    /// <summary>
    /// Cohort: one pass over the batch that entered talks in the period, read from the talks index alone (migration 0019); a
    /// row whose base is the row before it reads that row's count rather than testing every project again.
    /// </summary>
    private static string CohortSql(SqlFilter filter)
    {
        var (reached, bases) = CohortConditions();
        var sums = string.Join(",\n", reached.Select((condition, i) => $"""
            SUM(CASE WHEN {condition} THEN 1 ELSE 0 END) AS r{i},
            SUM(CASE WHEN {condition} THEN p.total_investment ELSE 0 END) AS a{i}{(bases[i] is { } basis ? $", SUM(CASE WHEN {basis} THEN 1 ELSE 0 END) AS b{i}" : "")}
            """));
        return $"""
            SELECT {sums}
            FROM projects p WHERE {filter.Conditions()} AND p.talks_started_on >= @From AND p.talks_started_on <= @To
            """;
    }

    /// <summary>
    /// Period: for each row, the projects whose date of that row falls in the period, read as a range of that date's index
    /// (migration 0019) rather than by testing every row's date on every project (0.13 s → 11 ms at 100,000 projects).
    /// </summary>
    private static string PeriodSql(SqlFilter filter) => string.Join("\nUNION ALL\n", Reaching.Select((r, i) => $"""
        SELECT {i} AS Row, COUNT(*) AS Reached, SUM(p.total_investment) AS Amount
        FROM projects p WHERE {filter.Conditions()} AND {r.Column} >= @From AND {r.Column} <= @To
        """));

    private sealed class PeriodRow
    {
        public long Row { get; init; }

        public long Reached { get; init; }

        public long? Amount { get; init; }
    }

    /// <summary>Each row's projects, their investment (stored units) and, where it is not the row before, its base.</summary>
    private sealed record Reach(long[] Reached, long[] Amounts, long?[] Bases)
    {
        public static Reach OfCohort(IDictionary<string, object?> row)
        {
            long? Number(string column) => row.TryGetValue(column, out var value) && value is not null ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : null;
            return new Reach(
                [.. Reaching.Select((_, i) => Number($"r{i}") ?? 0)], [.. Reaching.Select((_, i) => Number($"a{i}") ?? 0)], [.. Reaching.Select((_, i) => Number($"b{i}"))]);
        }

        public static Reach OfPeriod(IEnumerable<PeriodRow> rows)
        {
            var byRow = rows.ToDictionary(r => r.Row);
            return new Reach(
                [.. Reaching.Select((_, i) => byRow.GetValueOrDefault(i)?.Reached ?? 0)], [.. Reaching.Select((_, i) => byRow.GetValueOrDefault(i)?.Amount ?? 0)],
                new long?[Reaching.Length]);
        }
    }

    /// <summary>
    /// Cohort: a project reached a row when it has the date of that row or of any later one on its path (供地 only on the
    /// new-land path); a row's base is the projects of the batch that reached the row before it on their own path (null:
    /// the row before it, as counted).
    /// </summary>
    private static (string[] Reached, string?[] Bases) CohortConditions()
    {
        string AnyFrom(int index) => "(" + string.Join(" OR ", Reaching.Skip(index).Select(r => $"{r.Column} IS NOT NULL")) + ")";
        var reached = Reaching.Select((r, i) => r.Step switch
        {
            FunnelStep.Talks => "1 = 1",
            FunnelStep.LandSupply => $"(p.land_supplied_on IS NOT NULL OR (p.land_mode = 'newLand' AND {AnyFrom(5)}))",
            _ => AnyFrom(i),
        }).ToArray();
        var bases = Reaching.Select(r => r.Step switch
        {
            FunnelStep.LandSupply => $"(p.land_mode = 'newLand' AND {reached[3]})",
            FunnelStep.Groundbreaking => $"({reached[4]} OR (p.land_mode = 'existingBuilding' AND {reached[3]}))",
            _ => null,
        }).ToArray();
        return (reached, bases);
    }

    private static string ConversionOf(FunnelMode mode, FunnelStep step)
    {
        if (step == FunnelStep.Talks)
        {
            return mode == FunnelMode.Cohort ? Messages.FunnelCohortBase : Messages.FunnelPeriodBase;
        }

        var previous = (step - 1).Chinese();
        return (mode, step) switch
        {
            (FunnelMode.Cohort, FunnelStep.LandSupply) => Messages.FunnelCohortLandSupply,
            (FunnelMode.Cohort, FunnelStep.Groundbreaking) => Messages.FunnelCohortGroundbreaking,
            (FunnelMode.Cohort, _) => Words.Format(Messages.FunnelCohortConversion, step.Chinese(), previous),
            _ => Words.Format(Messages.FunnelPeriodConversion, step.Chinese(), previous),
        };
    }
}
