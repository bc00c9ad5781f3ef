using Pipeline.Api.Features.Imports;
using Pipeline.Domain.Progress;
using Pipeline.Domain.Reviews;

namespace Pipeline.Api.Features.Progress;

/// <summary>A commitment with everything needed to judge it, for one project or a whole report.</summary>
public sealed class CommitmentRow
{
    public long ProjectId { get; init; }

    public long UnitId { get; init; }

    public string Stage { get; init; } = "";

    public string Source { get; init; } = "";

    public long Id { get; init; }

    public string? Text { get; init; }

    public DateOnly? DueOn { get; init; }

    public long? Amount { get; init; }

    public Indicator? Indicator { get; init; }

    public long? Threshold { get; init; }

    public int? ByYear { get; init; }

    public long? AreaMu { get; init; }

    public long Invested { get; init; }

    public long? Tax { get; init; }

    public long? Output { get; init; }

    public long? EnergyTce { get; init; }

    /// <summary>The commitment's state on <paramref name="asOf"/>, by the rules in <see cref="Commitments"/>.</summary>
    public CommitmentStatus Judge(DateOnly asOf)
    {
        var invested = Quantities.FromStored(Invested);
        if (Source == ProgressStore.Contract)
        {
            return Commitments.Investment(DueOn!.Value, Quantities.FromStored(Amount!.Value), invested, asOf);
        }

        var performance = Tax is { } tax ? new YearPerformance(ByYear!.Value, Quantities.FromStored(tax), Quantities.FromStored(Output ?? 0), Quantities.FromStored(EnergyTce ?? 0)) : null;
        return Commitments.Indicator(Indicator!.Value, Quantities.FromStored(Threshold!.Value), ByYear!.Value, performance, Quantities.FromStored(AreaMu), invested, asOf);
    }
}

/// <summary>A project's 达效 with the unit that answers for it.</summary>
public sealed record ProjectAttainment(long ProjectId, long UnitId, Attainment Attainment);

public static class ProgressStore
{
    public const string Contract = "contract";
    public const string Review = "review";

    /// <summary>
    /// The phased investment commitments of the contracts and the indicator commitments of passed reviews, for the
    /// projects matching <paramref name="projectFilter"/> (a condition on <c>p</c>), each with the cumulative
    /// investment to <paramref name="asOf"/>, the land area, and the performance of the year it names.
    /// </summary>
    public static async Task<IReadOnlyList<CommitmentRow>> CommitmentsAsync(DbSession session, string projectFilter, DynamicParameters args, DateOnly asOf)
    {
        args.Add("AsOf", asOf);
        const string project = """
            c.project_id, p.responsible_unit_id AS UnitId, p.stage, COALESCE(p.land_supplied_mu, p.land_area_mu) AS AreaMu,
            (SELECT COALESCE(SUM(i.amount), 0) FROM project_investments i WHERE i.project_id = p.id AND i.month <= @AsOf) AS Invested
            """;
        using var grid = await session.QueryMultipleAsync(_ => $"""
            SELECT {project}, 'contract' AS Source, c.id, c.text, c.due_on, c.amount
            FROM project_commitments c JOIN projects p ON p.id = c.project_id
            WHERE {projectFilter}
            ORDER BY c.project_id, c.due_on;
            SELECT {project}, 'review' AS Source, c.id, c.text, c.indicator, c.threshold,
                   c.by_year, pf.tax, pf.output, pf.energy_tce
            FROM review_conditions c
            JOIN reviews r ON r.id = c.review_id AND r.outcome = 'passed'
            JOIN projects p ON p.id = c.project_id
            LEFT JOIN project_performance pf ON pf.project_id = c.project_id AND pf.year = c.by_year
            WHERE c.indicator IS NOT NULL AND c.threshold IS NOT NULL AND c.by_year IS NOT NULL AND {projectFilter}
            ORDER BY c.project_id, c.by_year;
            """, args);
        return [.. await grid.ReadAsync<CommitmentRow>(), .. await grid.ReadAsync<CommitmentRow>()];
    }

    private static string PutInvestmentSql(ISqlDialect d) => d.Upsert("project_investments", ["project_id", "month"], new Dictionary<string, string>
    {
        ["project_id"] = "@projectId", ["month"] = "@month", ["amount"] = "@Amount", ["updated_at"] = "@now", ["updated_by"] = "@by",
    }, "amount", "updated_at", "updated_by");

    private static string PutPerformanceSql(ISqlDialect d) => d.Upsert("project_performance", ["project_id", "year"], new Dictionary<string, string>
    {
        ["project_id"] = "@projectId", ["year"] = "@year", ["tax"] = "@Tax", ["output"] = "@Output", ["energy_tce"] = "@Energy",
        ["employees"] = "@Employees", ["updated_at"] = "@now",
    }, "tax", "output", "energy_tce", "employees", "updated_at");

    /// <summary>
    /// How many producing projects matching <paramref name="projectFilter"/> are in each 达效 state, per responsible unit (as
    /// <see cref="AttainmentsAsync"/> judges them). One that has reported no year up to <paramref name="lastYear"/> is not
    /// reported whatever else it has, so those are counted in SQL and only the others are read and judged: a province's
    /// thousands of producing projects cost one index pass until they report.
    /// </summary>
    public static async Task<IReadOnlyList<(long UnitId, AttainmentState State, int Projects)>> AttainmentCountsAsync(
        DbSession session, string projectFilter, DynamicParameters args, int lastYear)
    {
        args.Add("LastYear", lastYear);
        const string reported = "EXISTS (SELECT 1 FROM project_performance pf WHERE pf.project_id = p.id AND pf.year <= @LastYear)";
        var unreported = await session.QueryAsync<(long UnitId, int Projects)>($"""
            SELECT p.responsible_unit_id, COUNT(*) FROM projects p
            WHERE p.stage = 'production' AND {projectFilter} AND NOT {reported}
            GROUP BY p.responsible_unit_id
            """, args);
        var judged = await AttainmentsAsync(session, $"p.stage = 'production' AND {projectFilter} AND {reported}", args, lastYear);
        return
        [
            .. unreported.Select(u => (u.UnitId, AttainmentState.NotReported, u.Projects)),
            .. judged.GroupBy(a => (a.UnitId, a.Attainment.State)).Select(g => (g.Key.UnitId, g.Key.State, g.Count())),
        ];
    }

    /// <summary>
    /// 达效 of the projects matching <paramref name="projectFilter"/> (a condition on <c>p</c>), judged on their latest year
    /// reported up to <paramref name="lastYear"/> (from the year production began) by <see cref="Attainments"/>: against the
    /// indicators of their latest passed review and the entry standard of their industry and park as it stands now.
    /// </summary>
    public static async Task<IReadOnlyList<ProjectAttainment>> AttainmentsAsync(DbSession session, string projectFilter, DynamicParameters args, int lastYear)
    {
        args.Add("LastYear", lastYear);
        using var grid = await session.QueryMultipleAsync(_ => $"""
            SELECT p.id, p.responsible_unit_id AS UnitId, p.industry_code, p.stage, p.production_on,
                   COALESCE(p.land_supplied_mu, p.land_area_mu) AS AreaMu
            FROM projects p WHERE {projectFilter}
            ORDER BY p.id;
            SELECT pf.project_id, pf.year, pf.tax, pf.output, pf.energy_tce
            FROM project_performance pf JOIN projects p ON p.id = pf.project_id
            WHERE pf.year <= @LastYear AND {projectFilter};
            SELECT r.project_id, c.indicator, c.value
            FROM review_checks c JOIN reviews r ON r.id = c.review_id JOIN projects p ON p.id = r.project_id
            WHERE c.indicator IN ('taxPerMu', 'outputPerMu', 'energyIntensity')
              AND r.id = (SELECT MAX(r2.id) FROM reviews r2 WHERE r2.project_id = r.project_id AND r2.outcome = 'passed')
              AND {projectFilter};
            SELECT ut.descendant_id, ut.ancestor_id FROM unit_tree ut; -- a row per unit and ancestor: fewer than the projects' units
            """, args);
        var projects = await grid.ReadAsync<AttainmentProject>();
        var years = (await grid.ReadAsync<PerformanceYearRow>()).ToLookup(y => y.ProjectId,
            y => new YearPerformance(y.Year, Quantities.FromStored(y.Tax), Quantities.FromStored(y.Output), Quantities.FromStored(y.EnergyTce)));
        var promises = (await grid.ReadAsync<PromiseRow>()).ToLookup(r => r.ProjectId);
        var chains = (await grid.ReadAsync<(long Unit, long Ancestor)>()).ToLookup(c => c.Unit, c => c.Ancestor);
        var standards = await Pipeline.Api.Features.Reviews.ReviewStore.StandardsAsync(session);
        return projects.Select(p =>
        {
            var standard = EntryStandards.Pick(standards, p.IndustryCode, chains[p.UnitId].ToList());
            var attainment = Attainments.Judge(p.Stage == Domain.Projects.Stage.Production, Attainments.YearToJudge(years[p.Id], p.ProductionOn),
                Quantities.FromStored(p.AreaMu), promises[p.Id].ToDictionary(r => r.Indicator, r => Quantities.FromStored(r.Value)),
                standard?.Thresholds ?? new Dictionary<Indicator, Threshold>());
            return new ProjectAttainment(p.Id, p.UnitId, attainment);
        }).ToList();
    }

    public static Task PutInvestmentAsync(DbSession session, long projectId, DateOnly month, decimal amount, long by, DateTime now) =>
        session.ExecuteAsync(PutInvestmentSql, new { projectId, month, Amount = Quantities.ToStored(amount), now, by });

    /// <summary>
    /// The statements of a ledger import of monthly investment or yearly performance, prepared once: what is there now
    /// (null: nothing; 1: the same figures; 0: others), and the same upsert as the API's.
    /// </summary>
    public static Ledger PrepareLedger(DbSession session) => new(
        session.Prepare(_ => "SELECT CASE WHEN amount = @Amount THEN 1 ELSE 0 END FROM project_investments WHERE project_id = @projectId AND month = @month",
            "Amount", "projectId", "month"),
        session.Prepare(PutInvestmentSql, "projectId", "month", "Amount", "now", "by"),
        session.Prepare(_ => """
            SELECT CASE WHEN tax = @Tax AND output = @Output AND energy_tce = @Energy
                         AND (employees = @Employees OR (employees IS NULL AND @Employees IS NULL)) THEN 1 ELSE 0 END
            FROM project_performance WHERE project_id = @projectId AND year = @year
            """, "Tax", "Output", "Energy", "Employees", "projectId", "year"),
        session.Prepare(PutPerformanceSql, "projectId", "year", "Tax", "Output", "Energy", "Employees", "now"));

    public sealed class Ledger(PreparedStatement investmentNow, PreparedStatement putInvestment, PreparedStatement performanceNow, PreparedStatement putPerformance)
    {
        /// <summary>Records the month's figure unless it is there already; whether the month was new, changed or the same.</summary>
        public async Task<RowOutcome> PutInvestmentAsync(long projectId, DateOnly month, decimal amount, long by, DateTime now)
        {
            var stored = Quantities.ToStored(amount);
            var same = await investmentNow.ScalarAsync(stored, projectId, month);
            if (same == 1)
            {
                return RowOutcome.Unchanged;
            }

            await putInvestment.ExecuteAsync(projectId, month, stored, now, by);
            return same is null ? RowOutcome.Created : RowOutcome.Updated;
        }

        /// <summary>Records the year's figures unless they are there already; whether the year was new, changed or the same.</summary>
        public async Task<RowOutcome> PutPerformanceAsync(long projectId, int year, PerformanceInput figures, DateTime now)
        {
            object?[] values = [Quantities.ToStored(figures.Tax!.Value), Quantities.ToStored(figures.Output!.Value), Quantities.ToStored(figures.EnergyTce!.Value), figures.Employees];
            var same = await performanceNow.ScalarAsync([.. values, projectId, year]);
            if (same == 1)
            {
                return RowOutcome.Unchanged;
            }

            await putPerformance.ExecuteAsync(projectId, year, values[0], values[1], values[2], values[3], now);
            return same is null ? RowOutcome.Created : RowOutcome.Updated;
        }
    }

    public static Task<long> AddCommitmentAsync(DbSession session, long projectId, DateOnly dueOn, decimal amount, string? text, long by, DateTime now) =>
        session.InsertAsync("""
            INSERT INTO project_commitments (project_id, due_on, amount, text, created_at, created_by) VALUES (@projectId, @dueOn, @Amount, @text, @now, @by)
            """, new { projectId, dueOn, Amount = Quantities.ToStored(amount), text, now, by });

    public static Task PutPerformanceAsync(DbSession session, long projectId, int year, PerformanceInput figures, DateTime now) =>
        session.ExecuteAsync(PutPerformanceSql,
            new
            {
                projectId, year, figures.Employees, now,
                Tax = Quantities.ToStored(figures.Tax!.Value), Output = Quantities.ToStored(figures.Output!.Value), Energy = Quantities.ToStored(figures.EnergyTce!.Value),
            });

    /// <summary>The project's progress as it stands on <paramref name="today"/>.</summary>
    public static async Task<ProgressDto> ProgressAsync(DbSession session, Projects.ProjectRow project, DateOnly today)
    {
        var months = await session.QueryAsync<MonthRow>(
            "SELECT month, amount FROM project_investments WHERE project_id = @Id ORDER BY month", new { project.Id });
        var performance = await session.QueryAsync<PerformanceRow>(
            "SELECT year, tax, output, energy_tce, employees FROM project_performance WHERE project_id = @Id ORDER BY year",
            new { project.Id });
        var rows = await CommitmentsAsync(session, "p.id = @Id", new DynamicParameters(new { project.Id }), today);
        var cumulative = 0L;
        var investments = months.Select(m => new MonthInvestment(m.Month, Quantities.FromStored(m.Amount), Quantities.FromStored(cumulative += m.Amount))).ToList();
        var commitments = rows.Select(r => (Row: r, Status: r.Judge(today))).Select(c => new CommitmentDto(
            c.Row.Source, c.Row.Id, c.Row.Text, c.Row.DueOn, Quantities.FromStored(c.Row.Amount), c.Row.Indicator, Quantities.FromStored(c.Row.Threshold),
            c.Row.ByYear, c.Status.State, c.Status.Due, c.Status.Actual is { } actual ? Math.Round(actual, 4) : null)).ToList();
        var statuses = commitments.Select(c => new CommitmentStatus(c.State, c.Due, c.Actual)).ToList();
        var attainment = (await AttainmentsAsync(session, "p.id = @Id", new DynamicParameters(new { project.Id }), today.Year)).Single().Attainment;
        var contracted = Quantities.FromStored(project.ContractAmount) ?? 0m;
        var invested = Quantities.FromStored(cumulative);
        var due = statuses.Count(s => s.Due);
        var met = statuses.Count(s => s.Due && s.State == CommitmentState.Met);
        return new ProgressDto(project.Id, investments, commitments,
            performance.Select(p => new PerformanceDto(p.Year, Quantities.FromStored(p.Tax), Quantities.FromStored(p.Output), Quantities.FromStored(p.EnergyTce), p.Employees)).ToList(),
            new ProgressSummary(contracted, invested, Commitments.Rate(invested, contracted), due, met,
                statuses.Count(s => s.State == CommitmentState.Behind), statuses.Count(s => s.State == CommitmentState.Pending), Commitments.Rate(met, due),
                Commitments.Achieved(project.Stage == Domain.Projects.Stage.Production, statuses)), attainment);
    }

    private sealed class AttainmentProject
    {
        public long Id { get; init; }

        public long UnitId { get; init; }

        public string IndustryCode { get; init; } = "";

        public Domain.Projects.Stage Stage { get; init; }

        public DateOnly? ProductionOn { get; init; }

        public long? AreaMu { get; init; }
    }

    private sealed class PerformanceYearRow
    {
        public long ProjectId { get; init; }

        public int Year { get; init; }

        public long Tax { get; init; }

        public long Output { get; init; }

        public long EnergyTce { get; init; }
    }

    private sealed class PromiseRow
    {
        public long ProjectId { get; init; }

        public Indicator Indicator { get; init; }

        public long? Value { get; init; }
    }

    private sealed class MonthRow
    {
        public DateOnly Month { get; init; }

        public long Amount { get; init; }
    }

    private sealed class PerformanceRow
    {
        public int Year { get; init; }

        public long Tax { get; init; }

        public long Output { get; init; }

        public long EnergyTce { get; init; }

        public int? Employees { get; init; }
    }
}
