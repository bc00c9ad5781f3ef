using Dapper;
using Pipeline.Api.Data;
using Pipeline.Domain;
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

    public static Task PutInvestmentAsync(DbSession session, long projectId, DateOnly month, decimal amount, long by, DateTime now) =>
        session.ExecuteAsync(d => d.Upsert("project_investments", ["project_id", "month"], new Dictionary<string, string>
        {
            ["project_id"] = "@projectId", ["month"] = "@month", ["amount"] = "@Amount", ["updated_at"] = "@now", ["updated_by"] = "@by",
        }, "amount", "updated_at", "updated_by"),
            new { projectId, month, Amount = Quantities.ToStored(amount), now, by });

    public static Task<long> AddCommitmentAsync(DbSession session, long projectId, DateOnly dueOn, decimal amount, string? text, long by, DateTime now) =>
        session.InsertAsync("""
            INSERT INTO project_commitments (project_id, due_on, amount, text, created_at, created_by) VALUES (@projectId, @dueOn, @Amount, @text, @now, @by)
            """, new { projectId, dueOn, Amount = Quantities.ToStored(amount), text, now, by });

    public static Task PutPerformanceAsync(DbSession session, long projectId, int year, PerformanceInput figures, DateTime now) =>
        session.ExecuteAsync(d => d.Upsert("project_performance", ["project_id", "year"], new Dictionary<string, string>
        {
            ["project_id"] = "@projectId", ["year"] = "@year", ["tax"] = "@Tax", ["output"] = "@Output", ["energy_tce"] = "@Energy",
            ["employees"] = "@Employees", ["updated_at"] = "@now",
        }, "tax", "output", "energy_tce", "employees", "updated_at"),
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
        var contracted = Quantities.FromStored(project.ContractAmount) ?? 0m;
        var invested = Quantities.FromStored(cumulative);
        var due = statuses.Count(s => s.Due);
        var met = statuses.Count(s => s.Due && s.State == CommitmentState.Met);
        return new ProgressDto(project.Id, investments, commitments,
            performance.Select(p => new PerformanceDto(p.Year, Quantities.FromStored(p.Tax), Quantities.FromStored(p.Output), Quantities.FromStored(p.EnergyTce), p.Employees)).ToList(),
            new ProgressSummary(contracted, invested, Commitments.Rate(invested, contracted), due, met,
                statuses.Count(s => s.State == CommitmentState.Behind), statuses.Count(s => s.State == CommitmentState.Pending), Commitments.Rate(met, due),
                Commitments.Achieved(project.Stage == Domain.Projects.Stage.Production, statuses)));
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
