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
}
