using Pipeline.Api.Features.Units;

namespace Pipeline.Api.Features.Trips;

public static class TripStore
{
    /// <summary>
    /// The anti-formalism flags, as SQL on the alias <c>t</c> (one definition, used by lists and the per-unit report):
    /// a report is overdue when a registered trip is past its due date; a completed trip with no visit or no lead has no result.
    /// A lead later dropped or found false (虚报) is no result of the trip.
    /// </summary>
    public const string ReportOverdue = "(t.status IN ('registered', 'approved') AND t.report_due_on < @Today)";

    /// <summary>Not approved by the day it started, where trips need approval (<c>@ApprovalRequired</c> 1).</summary>
    public const string NotApproved = """
        (@ApprovalRequired = 1 AND t.status NOT IN ('cancelled', 'rejected')
         AND ((t.approved_on IS NULL AND t.start_on <= @Today) OR t.approved_on > t.start_on))
        """;

    public const string NoResult = """
        (t.status = 'completed' AND (NOT EXISTS (SELECT 1 FROM trip_visits v WHERE v.trip_id = t.id)
                                  OR NOT EXISTS (SELECT 1 FROM leads l WHERE l.trip_id = t.id AND l.status NOT IN ('dropped', 'false'))))
        """;

    private const string Columns = $"""
        t.id, t.unit_id, un.name AS UnitName, t.purpose, t.destination,
        t.start_on, t.end_on, t.days, t.leader_id, t.status,
        t.registered_on, t.is_late AS Late, t.late_reason, t.report_due_on,
        t.reported_on, t.version,
        CASE WHEN {ReportOverdue} THEN 1 ELSE 0 END AS ReportOverdue,
        CASE WHEN {NotApproved} THEN 1 ELSE 0 END AS NotApproved, t.approved_by, t.approved_on, t.approval_comment,
        CASE WHEN {NoResult} THEN 1 ELSE 0 END AS NoResult,
        (SELECT COUNT(*) FROM trip_participants tp WHERE tp.trip_id = t.id) AS Participants,
        (SELECT COUNT(*) FROM trip_visits v WHERE v.trip_id = t.id) AS Visits,
        (SELECT COUNT(*) FROM leads l WHERE l.trip_id = t.id) AS Leads
        """;

    private const string From = "trips t JOIN units un ON un.id = t.unit_id";

    public static async Task<TripDto?> FindAsync(DbSession session, long id, Caller caller, DateOnly today, bool approvalRequired)
    {
        var args = new DynamicParameters(new { id, Today = today, ApprovalRequired = approvalRequired ? 1 : 0 });
        var where = UnitScope.And("t.id = @id", UnitScope.Read(caller, args, "t.unit_id"));
        using var grid = await session.QueryMultipleAsync(_ => $"""
            SELECT {Columns}, t.report_summary, t.cancelled_on, t.cancel_reason
            FROM {From} WHERE {where};
            SELECT user_id FROM trip_participants WHERE trip_id = @id ORDER BY user_id;
            SELECT company_id, lead_id, project_id, name FROM trip_targets WHERE trip_id = @id ORDER BY id;
            SELECT company_id, company_name, on_date AS "On", met_with, outcome
            FROM trip_visits WHERE trip_id = @id ORDER BY on_date, id;
            SELECT id FROM leads WHERE trip_id = @id ORDER BY id;
            """, args);
        var trip = await grid.ReadSingleOrDefaultAsync<TripDto>();
        if (trip is null)
        {
            return null;
        }

        trip.ParticipantIds = (await grid.ReadAsync<long>()).AsList();
        trip.Targets = (await grid.ReadAsync<TripTarget>()).AsList();
        trip.VisitList = (await grid.ReadAsync<TripVisit>()).AsList();
        trip.LeadIds = (await grid.ReadAsync<long>()).AsList();
        return trip;
    }

    /// <summary>Whether the caller may change the trip (register-side work: report, cancel).</summary>
    public static async Task<bool> CanWriteAsync(DbSession session, long id, Caller caller)
    {
        var args = new DynamicParameters(new { id });
        var where = UnitScope.And("t.id = @id", UnitScope.Write(caller, args, "t.unit_id"));
        return await session.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM trips t WHERE {where}", args) > 0;
    }

    private const string ListOrder = "t.start_on DESC, t.id DESC";

    public static Task<(IReadOnlyList<TripSummary> Items, long Total)> ListAsync(
        DbSession session, TripQuery query, string? status, Caller caller, DateOnly today, bool approvalRequired, int skip, int take) =>
        session.PageAsync<TripSummary>(Columns, From, ListFilter(query, status, caller, today, approvalRequired), ListOrder, skip, take, countFrom: "trips t", key: "t.id");

    /// <summary>Every trip of the list's filter in the list's order, read one at a time.</summary>
    public static IEnumerable<TripSummary> Export(DbSession session, TripQuery query, string? status, Caller caller, DateOnly today, bool approvalRequired)
    {
        var filter = ListFilter(query, status, caller, today, approvalRequired);
        return session.Stream<TripSummary>(_ => $"SELECT {Columns} FROM {From} {filter.Where} ORDER BY {ListOrder}", filter.Args);
    }

    private static SqlFilter ListFilter(TripQuery query, string? status, Caller caller, DateOnly today, bool approvalRequired)
    {
        var filter = new SqlFilter()
            .When(query.UnitId, "t.unit_id IN (SELECT ut.descendant_id FROM unit_tree ut WHERE ut.ancestor_id = @UnitId)", "UnitId")
            .When(query.From, "t.end_on >= @From", "From")
            .When(query.To, "t.start_on <= @To", "To")
            .When(status, "t.status = @Status", "Status");
        filter.Args.Add("Today", today);
        filter.Args.Add("ApprovalRequired", approvalRequired ? 1 : 0);
        if (UnitScope.Read(caller, filter.Args, "t.unit_id") is { } scope)
        {
            filter.Add(scope);
        }

        return filter;
    }

    public static async Task<long> InsertAsync(DbSession session, NewTrip trip, DateTime now)
    {
        var id = await session.InsertAsync("""
            INSERT INTO trips (unit_id, purpose, destination, start_on, end_on, days, leader_id, status, registered_on, is_late, late_reason,
                report_due_on, version, created_at, updated_at, created_by)
            VALUES (@UnitId, @Purpose, @Destination, @StartOn, @EndOn, @Days, @LeaderId, 'registered', @RegisteredOn, @Late, @LateReason,
                @ReportDueOn, 1, @now, @now, @CreatedBy)
            """,
            new
            {
                trip.UnitId, trip.Purpose, trip.Destination, trip.StartOn, trip.EndOn, trip.Days, trip.LeaderId, trip.RegisteredOn,
                trip.Late, trip.LateReason, trip.ReportDueOn, trip.CreatedBy, now,
            });
        await session.ExecuteAsync("INSERT INTO trip_participants (trip_id, user_id) VALUES (@id, @userId)",
            trip.ParticipantIds.Distinct().Select(userId => new { id, userId }));
        await session.ExecuteAsync("INSERT INTO trip_targets (trip_id, company_id, lead_id, project_id, name) VALUES (@id, @CompanyId, @LeadId, @ProjectId, @Name)",
            trip.Targets.Select(t => new { id, t.CompanyId, t.LeadId, t.ProjectId, Name = t.Name?.Trim() }));
        return id;
    }

    /// <summary>Whether the caller heads the trip's unit or one above it, and so approves its trips.</summary>
    public static async Task<bool> IsApproverAsync(DbSession session, long id, Caller caller) =>
        caller.IsAdmin || await session.ExecuteScalarAsync<long>("""
            SELECT COUNT(*) FROM trips t JOIN unit_tree ut ON ut.descendant_id = t.unit_id JOIN units u ON u.id = ut.ancestor_id
            WHERE t.id = @id AND u.head_user_id = @Me
            """, new { id, Me = caller.Id }) > 0;

    public static Task<long> RegistrantAsync(DbSession session, long id) =>
        session.ExecuteScalarAsync<long>("SELECT created_by FROM trips WHERE id = @id", new { id });

    /// <summary>Approves or rejects a registered trip; false when it was decided, cancelled or reported meanwhile.</summary>
    public static async Task<bool> DecideAsync(DbSession session, long id, bool approve, long by, string? comment, DateOnly today, DateTime now) =>
        await session.ExecuteAsync("""
            UPDATE trips SET status = @Status, approved_by = @by, approved_on = @today, approved_at = @now, approval_comment = @comment,
                version = version + 1, updated_at = @now
            WHERE id = @id AND status = 'registered'
            """, new { id, Status = approve ? "approved" : "rejected", by, comment, today, now }) == 1;

    /// <summary>Records the report if the trip is still open to one; false when it was reported or cancelled meanwhile.</summary>
    public static async Task<bool> ReportAsync(DbSession session, long id, string summary, IReadOnlyList<TripVisit> visits, DateOnly today, DateTime now)
    {
        if (await session.ExecuteAsync("""
                UPDATE trips SET status = 'completed', reported_on = @today, report_summary = @summary, version = version + 1, updated_at = @now
                WHERE id = @id AND status IN ('registered', 'approved')
                """, new { id, today, summary, now }) == 0)
        {
            return false;
        }

        await session.ExecuteAsync("""
            INSERT INTO trip_visits (trip_id, company_id, company_name, on_date, met_with, outcome) VALUES (@id, @CompanyId, @CompanyName, @On, @MetWith, @Outcome)
            """, visits.Select(v => new { id, v.CompanyId, CompanyName = v.CompanyName?.Trim(), v.On, MetWith = v.MetWith!.Trim(), Outcome = v.Outcome!.Trim() }));
        return true;
    }

    public static async Task<bool> CancelAsync(DbSession session, long id, string? reason, DateOnly today, DateTime now) =>
        await session.ExecuteAsync("""
            UPDATE trips SET status = 'cancelled', cancelled_on = @today, cancel_reason = @reason, version = version + 1, updated_at = @now
            WHERE id = @id AND status IN ('registered', 'approved')
            """, new { id, today, reason, now }) == 1;
}

public sealed record NewTrip(
    long UnitId, string Purpose, string Destination, DateOnly StartOn, DateOnly EndOn, int Days, long? LeaderId, DateOnly RegisteredOn,
    bool Late, string? LateReason, DateOnly ReportDueOn, long CreatedBy, IReadOnlyList<long> ParticipantIds, IReadOnlyList<TripTarget> Targets);
