using Pipeline.Api.Features.Calendar;
using Pipeline.Api.Features.Units;
using Pipeline.Domain.Alerts;

namespace Pipeline.Api.Features.Alerts;

/// <summary>Alerts as people work them: read within the caller's scope, acknowledged, snoozed, resolved, instructed and answered.</summary>
public static class AlertStore
{
    private const string Columns = """
        a.id, a.rule_code, ar.name AS RuleName, a.level, a.status, a.project_id,
        a.trip_id, COALESCE(p.name, t.purpose) AS SubjectName, a.since, ar.calendar, a.opened_at,
        a.resolved_at, a.resolution, a.resolve_reason, a.acknowledged_at,
        a.acknowledged_by, a.ack_comment, a.snoozed_until, a.snooze_reason,
        a.responsible_user_id, ru.display_name AS ResponsibleName, a.unit_id, un.name AS UnitName,
        a.leader_id, lu.display_name AS LeaderName, a.version,
        CASE WHEN EXISTS (SELECT 1 FROM alert_instructions i WHERE i.alert_id = a.id AND i.response IS NULL AND i.due_on < @Today) THEN 1 ELSE 0 END AS HasOverdueInstruction
        """;

    /// <summary>The status filter's value for open and acknowledged alerts together.</summary>
    public const string Unresolved = "unresolved";

    private const string WithinUnit = "a.unit_id IN (SELECT ut.descendant_id FROM unit_tree ut WHERE ut.ancestor_id = @UnitId)";

    private const string From = """
        alerts a
        JOIN alert_rules ar ON ar.code = a.rule_code
        JOIN units un ON un.id = a.unit_id
        LEFT JOIN projects p ON p.id = a.project_id
        LEFT JOIN trips t ON t.id = a.trip_id
        LEFT JOIN users ru ON ru.id = a.responsible_user_id
        LEFT JOIN users lu ON lu.id = a.leader_id
        """;

    private const string ListOrder = "CASE a.level WHEN 'red' THEN 1 WHEN 'orange' THEN 2 ELSE 3 END, a.since, a.id";

    public static async Task<(IReadOnlyList<AlertDto> Items, long Total)> ListAsync(
        DbSession session, AlertQuery query, AlertLevel? level, Caller caller, DateOnly today, int skip, int take)
    {
        var filter = ListFilter(query, level, caller, today);
        var calendar = await CalendarStore.ExceptionsAsync(session);
        var (items, total) = await session.PageAsync<AlertDto>(Columns, From, filter, ListOrder, skip, take, countFrom: "alerts a", key: "a.id");
        foreach (var alert in items)
        {
            alert.Days = Days(alert, today, calendar);
        }

        return (items, total);
    }

    /// <summary>Every alert of the list's filter in the list's order, read one at a time, each with its days counted.</summary>
    public static async Task<IEnumerable<AlertDto>> ExportAsync(DbSession session, AlertQuery query, AlertLevel? level, Caller caller, DateOnly today)
    {
        var filter = ListFilter(query, level, caller, today);
        var calendar = await CalendarStore.ExceptionsAsync(session);
        return session.Stream<AlertDto>(_ => $"SELECT {Columns} FROM {From} {filter.Where} ORDER BY {ListOrder}", filter.Args)
            .Select(alert =>
            {
                alert.Days = Days(alert, today, calendar);
                return alert;
            });
    }

    private static SqlFilter ListFilter(AlertQuery query, AlertLevel? level, Caller caller, DateOnly today)
    {
        var filter = new SqlFilter()
            .When(query.Status == Unresolved ? null : query.Status, "a.status = @Status", "Status")
            .When(query.Status == Unresolved ? "resolved" : null, "a.status <> @Resolved", "Resolved")
            .When(level?.ToCode(), "a.level = @Level", "Level")
            .When(query.RuleCode, "a.rule_code = @RuleCode", "RuleCode")
            .When(query.ProjectId, "a.project_id = @ProjectId", "ProjectId")
            .When(query.TripId, "a.trip_id = @TripId", "TripId")
            .When(query.UnitId, WithinUnit, "UnitId");
        filter.Args.Add("Today", today);
        if (query.Mine == true)
        {
            filter.Args.Add("Me", caller.Id);
            filter.Add("(a.responsible_user_id = @Me OR a.leader_id = @Me OR a.unit_id IN (SELECT hu.id FROM units hu WHERE hu.head_user_id = @Me))");
        }

        if (query.AwaitingMyAnswer == true)
        {
            filter.When<long?>(caller.Id, "a.responsible_user_id = @Answerer", "Answerer")
                .Add("EXISTS (SELECT 1 FROM alert_instructions i WHERE i.alert_id = a.id AND i.response IS NULL)");
        }

        if (UnitScope.Read(caller, filter.Args, "a.unit_id") is { } scope)
        {
            filter.Add(scope);
        }

        return filter;
    }

    /// <summary>
    /// Unresolved alerts in the caller's scope (optionally one unit and those below it) by level, with the five that turned
    /// red last: the history's newest red openings and escalations, read from its end, so the cost does not grow with the
    /// number of red alerts.
    /// </summary>
    public static async Task<AlertSummary> SummaryAsync(DbSession session, long? unitId, Caller caller, DateOnly today)
    {
        var filter = new SqlFilter().Add("a.status IN ('open', 'acknowledged')").When(unitId, WithinUnit, "UnitId");
        filter.Args.AddDynamicParams(new { Today = today });
        if (UnitScope.Read(caller, filter.Args, "a.unit_id") is { } scope)
        {
            filter.Add(scope);
        }

        // A count per level reads its range of ix_alerts_status; a GROUP BY sorted every open alert (65 ms → 14 ms at 140,000).
        var levels = await session.QuerySingleOrDefaultAsync<(long Red, long Orange, long Yellow)>($"""
            SELECT (SELECT COUNT(*) FROM alerts a {filter.Where} AND a.level = 'red'),
                   (SELECT COUNT(*) FROM alerts a {filter.Where} AND a.level = 'orange'),
                   (SELECT COUNT(*) FROM alerts a {filter.Where} AND a.level = 'yellow')
            """, filter.Args);
        // The history newest first, stopping at the fifth red event of an alert still red: a CROSS JOIN keeps SQLite from
        // starting at every red alert and sorting their events (0.18 s → 4 ms at 140,000 alerts).
        var newest = await session.QueryAsync<AlertDto>(d => $"""
            SELECT {Columns} FROM {From}
            JOIN (SELECT h.alert_id, h.id AS red_event
                  FROM alert_history h CROSS JOIN alerts a
                  {filter.Where} AND a.id = h.alert_id AND a.level = 'red' AND h.level = 'red' AND h.event IN ('opened', 'escalated')
                  ORDER BY h.id DESC {d.Limit(5)}) r ON r.alert_id = a.id
            ORDER BY r.red_event DESC
            """, filter.Args);
        var calendar = await CalendarStore.ExceptionsAsync(session);
        foreach (var alert in newest)
        {
            alert.Days = Days(alert, today, calendar);
        }

        return new AlertSummary(levels.Red, levels.Orange, levels.Yellow, newest);
    }

    /// <summary>The alert with its history and instructions if the caller may read it, with what the caller may do with it.</summary>
    public static async Task<AlertDto?> FindAsync(DbSession session, long id, Caller caller, DateOnly today)
    {
        var args = new DynamicParameters(new { id, Today = today, Me = caller.Id });
        var where = UnitScope.And("a.id = @id", UnitScope.Read(caller, args, "a.unit_id"));
        using var grid = await session.QueryMultipleAsync(_ => $"""
            SELECT {Columns},
                   CASE WHEN a.responsible_user_id = @Me THEN 1 ELSE 0 END AS IsResponsible,
                   CASE WHEN a.leader_id = @Me THEN 1 ELSE 0 END AS IsLeader,
                   CASE WHEN EXISTS (SELECT 1 FROM unit_tree ht JOIN units hu ON hu.id = ht.ancestor_id
                                     WHERE ht.descendant_id = a.unit_id AND hu.head_user_id = @Me) THEN 1 ELSE 0 END AS IsUnitHead
            FROM {From} WHERE {where};
            SELECT at, event, level, by_user_id, note FROM alert_history WHERE alert_id = @id ORDER BY id;
            SELECT i.id, i.text, i.due_on, i.issued_by, iu.display_name AS IssuedByName, i.issued_at, i.response, i.responded_by, i.responded_at
            FROM alert_instructions i JOIN users iu ON iu.id = i.issued_by WHERE i.alert_id = @id ORDER BY i.id;
            """, args);
        var alert = await grid.ReadSingleOrDefaultAsync<AlertDto>();
        if (alert is null)
        {
            return null;
        }

        alert.History = (await grid.ReadAsync<AlertEvent>()).AsList();
        var instructions = (await grid.ReadAsync<InstructionDto>()).AsList();
        foreach (var instruction in instructions)
        {
            instruction.Overdue = instruction.Response is null && instruction.DueOn < today;
        }

        alert.Instructions = instructions;
        alert.Days = Days(alert, today, await CalendarStore.ExceptionsAsync(session));
        alert.Permissions = AlertRights.For(new AlertStanding(alert.IsResponsible, alert.IsLeader, alert.IsUnitHead, caller.IsAdmin));
        return alert;
    }

    /// <summary>Whether an instruction on the alert is still unanswered.</summary>
    public static async Task<bool> HasOpenInstructionAsync(DbSession session, long id) =>
        await session.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM alert_instructions WHERE alert_id = @id AND response IS NULL", new { id }) > 0;

    /// <summary>Who issued an instruction, to hear its answer.</summary>
    public static Task<long> IssuerAsync(DbSession session, long instructionId) =>
        session.ExecuteScalarAsync<long>("SELECT issued_by FROM alert_instructions WHERE id = @instructionId", new { instructionId });

    /// <summary>One change to an open (not resolved) alert; false when it is resolved.</summary>
    public static async Task<bool> ActAsync(DbSession session, long id, AlertAction action, long by, string? text, DateOnly? until, DateTime now) =>
        await session.ExecuteAsync(action switch
        {
            AlertAction.Acknowledge => """
                UPDATE alerts SET status = 'acknowledged', acknowledged_at = @now, acknowledged_by = @by, ack_comment = @text, version = version + 1, updated_at = @now
                WHERE id = @id AND status <> 'resolved'
                """,
            AlertAction.Snooze => """
                UPDATE alerts SET snoozed_until = @until, snooze_reason = @text, version = version + 1, updated_at = @now
                WHERE id = @id AND status <> 'resolved'
                """,
            // An alert with an unanswered instruction stays open: the instruction is answered first.
            _ => """
                UPDATE alerts SET status = 'resolved', resolution = 'manual', resolve_reason = @text, resolved_at = @now, version = version + 1, updated_at = @now
                WHERE id = @id AND status <> 'resolved'
                  AND NOT EXISTS (SELECT 1 FROM alert_instructions i WHERE i.alert_id = alerts.id AND i.response IS NULL)
                """,
        }, new { id, by, text, until, now }) == 1;

    public static Task AddEventAsync(DbSession session, long alertId, string @event, long by, string? note, DateTime now) =>
        session.ExecuteAsync("""
            INSERT INTO alert_history (alert_id, at, event, level, by_user_id, note)
            SELECT id, @now, @event, level, @by, @note FROM alerts WHERE id = @alertId
            """, new { alertId, @event, by, note, now });

    public static Task<long> AddInstructionAsync(DbSession session, long alertId, string text, DateOnly dueOn, long by, DateTime now) =>
        session.InsertAsync("""
            INSERT INTO alert_instructions (alert_id, text, due_on, issued_by, issued_at) VALUES (@alertId, @text, @dueOn, @by, @now)
            """, new { alertId, text, dueOn, by, now });

    /// <summary>Answers the instruction if it is still unanswered; whether it exists at all, when it is not.</summary>
    public static async Task<(bool Answered, bool Exists)> AnswerAsync(DbSession session, long alertId, long instructionId, string text, long by, DateTime now)
    {
        var answered = await session.ExecuteAsync("""
            UPDATE alert_instructions SET response = @text, responded_by = @by, responded_at = @now
            WHERE id = @instructionId AND alert_id = @alertId AND response IS NULL
            """, new { alertId, instructionId, text, by, now }) == 1;
        return answered
            ? (true, true)
            : (false, await session.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM alert_instructions WHERE id = @instructionId AND alert_id = @alertId",
                new { alertId, instructionId }) > 0);
    }

    public static Task<(IReadOnlyList<ScanDto> Items, long Total)> ScansAsync(DbSession session, int skip, int take) =>
        session.PageAsync<ScanDto>("""
            s.id, s.trigger_kind AS "Trigger", s.requested_by, s.scan_date, s.started_at,
            s.finished_at, s.new_alerts, s.escalated, s.resolved, s.notifications
            """, "alert_scans s", new SqlFilter(), "s.id DESC", skip, take);

    private static int Days(AlertDto alert, DateOnly today, IReadOnlyDictionary<DateOnly, bool> calendar) =>
        WorkCalendar.For(alert.Calendar, calendar).DaysBetween(alert.Since, alert.ResolvedAt is { } resolved ? DateOnly.FromDateTime(resolved) : today);
}

/// <summary>What someone does to an alert that is not resolved.</summary>
public enum AlertAction
{
    Acknowledge,
    Snooze,
    Resolve,
}
