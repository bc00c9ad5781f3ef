using Pipeline.Domain.Alerts;

namespace Pipeline.Api.Features.Alerts;

/// <summary>
/// What each rule looks for, as one SELECT over its subjects with the columns the scan needs: subject_id, project_id,
/// trip_id, since (the date counted from), fallback (1 when counted from the rule's second date), overdue (1 when
/// since is a due date, which alerts only once it has passed), responsible_user_id, unit_id and leader_id.
/// </summary>
public static class AlertConditions
{
    private const string ProjectPeople = """
        COALESCE(p.responsible_person_id, p.created_by) AS responsible_user_id, p.responsible_unit_id AS unit_id, p.leader_id AS leader_id
        """;

    public static string SubjectType(string rule) => rule == AlertRuleCodes.TripReportOverdue ? "trip" : "project";

    public static string Select(ISqlDialect d, string rule) => rule switch
    {
        // Signed, not broken ground: overdue from the planned groundbreaking date, else counted from the signing date.
        AlertRuleCodes.SignedNotStarted => $"""
            SELECT p.id AS subject_id, p.id AS project_id, CAST(NULL AS BIGINT) AS trip_id,
                   COALESCE(p.planned_groundbreaking_on, p.signed_on) AS since,
                   CASE WHEN p.planned_groundbreaking_on IS NULL THEN 1 ELSE 0 END AS fallback,
                   CASE WHEN p.planned_groundbreaking_on IS NULL THEN 0 ELSE 1 END AS overdue, {ProjectPeople}
            FROM projects p
            WHERE p.stage IN ('signed', 'landSupply') AND p.groundbreaking_on IS NULL AND p.signed_on IS NOT NULL
            """,
        AlertRuleCodes.SignedNoLand => $"""
            SELECT p.id AS subject_id, p.id AS project_id, CAST(NULL AS BIGINT) AS trip_id, p.signed_on AS since, 0 AS fallback, 0 AS overdue, {ProjectPeople}
            FROM projects p
            WHERE p.stage = 'signed' AND p.land_mode = 'newLand' AND p.signed_on IS NOT NULL
            """,
        AlertRuleCodes.LandNotStarted => $"""
            SELECT p.id AS subject_id, p.id AS project_id, CAST(NULL AS BIGINT) AS trip_id, p.land_supplied_on AS since, 0 AS fallback, 0 AS overdue, {ProjectPeople}
            FROM projects p
            WHERE p.stage = 'landSupply' AND p.groundbreaking_on IS NULL AND p.land_supplied_on IS NOT NULL
            """,
        AlertRuleCodes.StartedNotProducing => $"""
            SELECT p.id AS subject_id, p.id AS project_id, CAST(NULL AS BIGINT) AS trip_id, p.planned_production_on AS since, 0 AS fallback, 1 AS overdue, {ProjectPeople}
            FROM projects p
            WHERE p.stage = 'groundbreaking' AND p.planned_production_on IS NOT NULL AND p.production_on IS NULL
            """,
        // In talks with nothing logged: counted from the last activity, or from entering talks when that is later.
        AlertRuleCodes.TalksIdle => """
            SELECT t.id AS subject_id, t.id AS project_id, CAST(NULL AS BIGINT) AS trip_id,
                   CASE WHEN t.last_activity_on > t.stage_entered_on THEN t.last_activity_on ELSE t.stage_entered_on END AS since,
                   0 AS fallback, 0 AS overdue, t.responsible_user_id, t.unit_id, t.leader_id
            FROM (SELECT p.id, p.stage_entered_on, COALESCE(p.responsible_person_id, p.created_by) AS responsible_user_id,
                         p.responsible_unit_id AS unit_id, p.leader_id,
                         (SELECT MAX(a.on_date) FROM project_activities a WHERE a.project_id = p.id) AS last_activity_on
                  FROM projects p WHERE p.stage = 'talks') t
            """,
        AlertRuleCodes.ReviewPending => """
            SELECT p.id AS subject_id, p.id AS project_id, CAST(NULL AS BIGINT) AS trip_id, r.applied_on AS since, 0 AS fallback, 0 AS overdue,
                   COALESCE(p.responsible_person_id, r.created_by) AS responsible_user_id, p.responsible_unit_id AS unit_id, p.leader_id AS leader_id
            FROM reviews r JOIN projects p ON p.id = r.project_id
            WHERE r.status = 'open'
            """,
        AlertRuleCodes.TripReportOverdue => """
            SELECT t.id AS subject_id, CAST(NULL AS BIGINT) AS project_id, t.id AS trip_id, t.report_due_on AS since, 0 AS fallback, 1 AS overdue,
                   t.created_by AS responsible_user_id, t.unit_id AS unit_id, t.leader_id AS leader_id
            FROM trips t
            WHERE t.status IN ('registered', 'approved')
            """,
        // A project that owes last month's update (月度调度) past its due day: overdue from that day until it is filed.
        AlertRuleCodes.MonthlyUpdateMissing => $"""
            SELECT p.id AS subject_id, p.id AS project_id, CAST(NULL AS BIGINT) AS trip_id, @MissingDueOn AS since, 0 AS fallback, 1 AS overdue, {ProjectPeople}
            FROM projects p
            WHERE {Dispatch.DispatchStore.Owes(d, "p", "@MissingMonthEnd")}
              AND NOT EXISTS (SELECT 1 FROM project_updates u WHERE u.project_id = p.id AND u.month = @MissingMonth)
            """,
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "Unknown alert rule."),
    };

    /// <summary>
    /// The level from the date cut-offs (an event on or before a cut-off has reached that threshold); null below yellow,
    /// and null for a due date that has not passed yet.
    /// </summary>
    public const string Level = """
        CASE WHEN s.overdue = 1 AND s.since >= @Today THEN NULL
             WHEN s.since <= CASE WHEN s.fallback = 1 THEN @FallbackRed ELSE @Red END THEN 'red'
             WHEN s.since <= CASE WHEN s.fallback = 1 THEN @FallbackOrange ELSE @Orange END THEN 'orange'
             WHEN s.since <= CASE WHEN s.fallback = 1 THEN @FallbackYellow ELSE @Yellow END THEN 'yellow'
        END
        """;
}
