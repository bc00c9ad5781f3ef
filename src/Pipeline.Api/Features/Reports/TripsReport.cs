using Pipeline.Api.Features.Trips;
using Pipeline.Api.Features.Units;

namespace Pipeline.Api.Features.Reports;

/// <summary>
/// The anti-formalism view (不搞形式主义): per unit, how much it travels and what comes of it — trips, person-days
/// away, visits, leads logged, verified and converted, late registrations, trips without results, overdue reports,
/// false leads, and days out per verified lead. Trips count in the period they start; leads in the period they are logged.
/// </summary>
public static class TripsReport
{
    public sealed record Query(DateOnly? From, DateOnly? To, long? UnitId, string? Format);

    /// <summary>The sheet (外出招商成效): a row per unit, then the total.</summary>
    public static readonly Columns<UnitRow> Sheet = new Columns<UnitRow>()
        .Text("单位", u => u.UnitName, 20)
        .Count("外出次数", u => u.Trips)
        .Count("外出人天", u => u.PersonDays)
        .Count("走访企业", u => u.Visits)
        .Count("登记线索", u => u.LeadsLogged)
        .Count("核实线索", u => u.LeadsVerified)
        .Count("转化项目", u => u.LeadsConverted)
        .Count("迟报次数", u => u.LateRegistrations)
        .Count("无成果外出", u => u.NoResultTrips)
        .Count("逾期未报告", u => u.OverdueReports)
        .Count("虚报线索", u => u.FalseLeads)
        .Tenths("人天/核实线索", u => u.DaysOutPerVerifiedLead);

    public sealed class UnitRow
    {
        public long UnitId { get; init; }

        public string UnitName { get; init; } = "";

        public int Trips { get; init; }

        public int PersonDays { get; init; }

        public int Visits { get; init; }

        public int LeadsLogged { get; init; }

        public int LeadsVerified { get; init; }

        public int LeadsConverted { get; init; }

        public int LateRegistrations { get; init; }

        public int NoResultTrips { get; init; }

        public int OverdueReports { get; init; }

        public int FalseLeads { get; init; }

        /// <summary>Person-days away per lead that proved real; null when no lead was verified.</summary>
        public decimal? DaysOutPerVerifiedLead => LeadsVerified == 0 ? null : Math.Round((decimal)PersonDays / LeadsVerified, 1);
    }

    public sealed record Result(DateOnly From, DateOnly To, DateOnly AsOf, IReadOnlyList<UnitRow> Units, UnitRow Total);

    public static async Task<Results<Ok<Result>, FileStreamHttpResult, ProblemHttpResult>> Get(
        [AsParameters] Query query, Caller caller, Db db, BusinessClock clock, CancellationToken ct)
    {
        var today = clock.Today;
        var from = query.From ?? new DateOnly(today.Year, 1, 1);
        var to = query.To ?? today;
        var checks = new Checks().When(from > to, "from", Words.Format(Messages.NotAfter, "to"));
        if (Excel.FormatProblem(query.Format) is { } formatProblem)
        {
            return formatProblem;
        }

        if (!checks.Ok)
        {
            return checks.Problem();
        }

        await using var session = await db.OpenForReportsAsync(ct);
        var units = await RunAsync(session, from, to, today, query.UnitId, caller);
        var total = new UnitRow
        {
            UnitName = "合计",
            Trips = units.Sum(u => u.Trips),
            PersonDays = units.Sum(u => u.PersonDays),
            Visits = units.Sum(u => u.Visits),
            LeadsLogged = units.Sum(u => u.LeadsLogged),
            LeadsVerified = units.Sum(u => u.LeadsVerified),
            LeadsConverted = units.Sum(u => u.LeadsConverted),
            LateRegistrations = units.Sum(u => u.LateRegistrations),
            NoResultTrips = units.Sum(u => u.NoResultTrips),
            OverdueReports = units.Sum(u => u.OverdueReports),
            FalseLeads = units.Sum(u => u.FalseLeads),
        };
        return Excel.Wanted(query.Format)
            ? await Excel.FileAsync($"外出招商成效-{from:yyyyMMdd}-{to:yyyyMMdd}.xlsx", ct,
                new Sheet<UnitRow>("外出招商成效", Excel.Title("外出招商成效", Excel.Period(from, to), today), Sheet, units, [total]))
            : TypedResults.Ok(new Result(from, to, today, units, total));
    }

    /// <summary>
    /// One statement: per-trip figures in a derived table (SQL Server does not aggregate over subqueries), summed per unit,
    /// next to per-unit lead counts, for the units the caller may see.
    /// </summary>
    public static Task<IReadOnlyList<UnitRow>> RunAsync(DbSession session, DateOnly from, DateOnly to, DateOnly today, long? unitId, Caller caller)
    {
        var args = new DynamicParameters(new { From = from, To = to, Today = today, UnitId = unitId });
        var where = UnitScope.And(unitId is null ? "1 = 1" : "u.id IN (SELECT ut.descendant_id FROM unit_tree ut WHERE ut.ancestor_id = @UnitId)",
            UnitScope.Read(caller, args, "u.id"));
        return session.QueryAsync<UnitRow>(d => $"""
            SELECT u.id AS UnitId, u.name AS UnitName,
                   COALESCE(t.trips, 0) AS Trips, COALESCE(t.person_days, 0) AS PersonDays, COALESCE(t.visits, 0) AS Visits,
                   COALESCE(t.late, 0) AS LateRegistrations, COALESCE(t.no_result, 0) AS NoResultTrips, COALESCE(t.overdue, 0) AS OverdueReports,
                   COALESCE(l.logged, 0) AS LeadsLogged, COALESCE(l.verified, 0) AS LeadsVerified,
                   COALESCE(l.converted, 0) AS LeadsConverted, COALESCE(l.false_leads, 0) AS FalseLeads
            FROM units u
            LEFT JOIN (
                SELECT x.unit_id, COUNT(*) AS trips, SUM(x.days * x.participants) AS person_days, SUM(x.visits) AS visits,
                       SUM(x.late) AS late, SUM(x.no_result) AS no_result, SUM(x.overdue) AS overdue
                FROM (
                    SELECT t.unit_id, t.days,
                           (SELECT COUNT(*) FROM trip_participants tp WHERE tp.trip_id = t.id) AS participants,
                           (SELECT COUNT(*) FROM trip_visits v WHERE v.trip_id = t.id) AS visits,
                           CASE WHEN t.is_late = {d.True} THEN 1 ELSE 0 END AS late,
                           CASE WHEN {TripStore.NoResult} THEN 1 ELSE 0 END AS no_result,
                           CASE WHEN {TripStore.ReportOverdue} THEN 1 ELSE 0 END AS overdue
                    FROM trips t
                    WHERE t.status <> 'cancelled' AND t.start_on >= @From AND t.start_on <= @To
                ) x
                GROUP BY x.unit_id
            ) t ON t.unit_id = u.id
            LEFT JOIN (
                SELECT l.unit_id, COUNT(*) AS logged,
                       SUM(CASE WHEN l.verified_on IS NOT NULL THEN 1 ELSE 0 END) AS verified,
                       SUM(CASE WHEN l.status = 'converted' THEN 1 ELSE 0 END) AS converted,
                       SUM(CASE WHEN l.status = 'false' THEN 1 ELSE 0 END) AS false_leads
                FROM leads l
                WHERE l.logged_on >= @From AND l.logged_on <= @To
                GROUP BY l.unit_id
            ) l ON l.unit_id = u.id
            WHERE {where}
            ORDER BY u.id
            """, args);
    }
}
