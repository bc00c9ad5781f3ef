using Pipeline.Api.Features.Land;

namespace Pipeline.Api.Features.Reports;

/// <summary>
/// The year's land account (土地保障): the plan's quota, what land-supply transitions supplied this year, what approved
/// projects (latest review passed, new land, not yet supplied) still need, and what remains.
/// </summary>
public static class LandReport
{
    public sealed record Result(int Year, decimal? QuotaMu, decimal SuppliedMu, decimal DemandedMu, decimal? RemainingMu, decimal? UncoveredMu, decimal AvailableParcelsMu);

    /// <summary>The sheet (土地): one figure a row.</summary>
    public static readonly Columns<(string Item, decimal? Mu)> Sheet = new Columns<(string Item, decimal? Mu)>()
        .Text("项目", f => f.Item, 28)
        .Amount("面积(亩)", f => f.Mu);

    public static async Task<Results<Ok<Result>, FileStreamHttpResult, ProblemHttpResult>> Get(
        int? year, string? format, Db db, BusinessClock clock, CancellationToken ct)
    {
        if (Excel.FormatProblem(format) is { } formatProblem)
        {
            return formatProblem;
        }

        var y = year ?? clock.Today.Year;
        await using var session = await db.OpenForReportsAsync(ct);
        var plan = await LandStore.PlanAsync(session, y);
        // A project whose latest review passed has a 过会 date: with it, ix_projects_land_demand finds the ones that still need
        // land, and ix_reviews_project gives each one's latest review, outcome and area without reading the reviews (a derived
        // table, as SQL Server sums no subquery).
        var figures = await session.QuerySingleOrDefaultAsync<Figures>(d => $"""
            SELECT
                (SELECT COALESCE(SUM(h.area_mu), 0) FROM project_stage_history h
                 WHERE h.to_stage = 'landSupply' AND h.on_date >= @From AND h.on_date <= @To) AS Supplied,
                (SELECT COALESCE(SUM(x.area_mu), 0) FROM (
                     SELECT (SELECT CASE WHEN r.outcome = 'passed' THEN r.land_area_mu END FROM reviews r
                             WHERE r.project_id = p.id ORDER BY r.id DESC {d.Limit(1)}) AS area_mu
                     FROM projects p
                     WHERE p.land_mode = 'newLand' AND p.land_supplied_on IS NULL AND p.review_passed_on IS NOT NULL AND p.stage <> 'dropped') x) AS Demanded,
                (SELECT COALESCE(SUM(pc.area_mu), 0) FROM parcels pc WHERE pc.status = 'available') AS Available
            """, new { From = new DateOnly(y, 1, 1), To = new DateOnly(y, 12, 31) });
        var supplied = Quantities.FromStored(figures!.Supplied);
        var demanded = Quantities.FromStored(figures.Demanded);
        var remaining = plan?.QuotaMu - supplied;
        var result = new Result(y, plan?.QuotaMu, supplied, demanded, remaining, remaining - demanded, Quantities.FromStored(figures.Available));
        return Excel.Wanted(format)
            ? await Excel.FileAsync($"土地保障-{y}.xlsx", ct, new Sheet<(string Item, decimal? Mu)>("土地", Excel.Title("土地保障", $"{y}年", clock.Today), Sheet,
            [
                ("年度用地计划指标", result.QuotaMu), ("本年已供地", result.SuppliedMu), ("已过会项目待供地需求", result.DemandedMu),
                ("计划指标剩余", result.RemainingMu), ("剩余指标扣除待供需求后", result.UncoveredMu), ("可供地块面积", result.AvailableParcelsMu),
            ]))
            : TypedResults.Ok(result);
    }

    private sealed class Figures
    {
        public long Supplied { get; init; }

        public long Demanded { get; init; }

        public long Available { get; init; }
    }
}
