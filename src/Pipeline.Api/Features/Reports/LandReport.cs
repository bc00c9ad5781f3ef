using Microsoft.AspNetCore.Http.HttpResults;
using Pipeline.Api.Data;
using Pipeline.Api.Features.Land;
using Pipeline.Domain;

namespace Pipeline.Api.Features.Reports;

/// <summary>
/// The year's land account (土地保障): the plan's quota, what land-supply transitions supplied this year, what approved
/// projects (latest review passed, new land, not yet supplied) still need, and what remains.
/// </summary>
public static class LandReport
{
    public sealed record Result(int Year, decimal? QuotaMu, decimal SuppliedMu, decimal DemandedMu, decimal? RemainingMu, decimal? UncoveredMu, decimal AvailableParcelsMu);

    public static async Task<Ok<Result>> Get(int? year, Db db, Hosting.BusinessClock clock, CancellationToken ct)
    {
        var y = year ?? clock.Today.Year;
        await using var session = await db.OpenForReportsAsync(ct);
        var plan = await LandStore.PlanAsync(session, y);
        var figures = await session.QuerySingleOrDefaultAsync<Figures>("""
            SELECT
                (SELECT COALESCE(SUM(h.area_mu), 0) FROM project_stage_history h
                 WHERE h.to_stage = 'landSupply' AND h.on_date >= @From AND h.on_date <= @To) AS Supplied,
                (SELECT COALESCE(SUM(r.land_area_mu), 0) FROM projects p JOIN reviews r ON r.project_id = p.id
                 WHERE r.id = (SELECT MAX(r2.id) FROM reviews r2 WHERE r2.project_id = p.id) AND r.outcome = 'passed'
                   AND p.land_mode = 'newLand' AND p.land_supplied_on IS NULL AND p.stage <> 'dropped') AS Demanded,
                (SELECT COALESCE(SUM(pc.area_mu), 0) FROM parcels pc WHERE pc.status = 'available') AS Available
            """, new { From = new DateOnly(y, 1, 1), To = new DateOnly(y, 12, 31) });
        var supplied = Quantities.FromStored(figures!.Supplied);
        var demanded = Quantities.FromStored(figures.Demanded);
        var remaining = plan?.QuotaMu - supplied;
        return TypedResults.Ok(new Result(y, plan?.QuotaMu, supplied, demanded, remaining, remaining - demanded, Quantities.FromStored(figures.Available)));
    }

    private sealed class Figures
    {
        public long Supplied { get; init; }

        public long Demanded { get; init; }

        public long Available { get; init; }
    }
}
