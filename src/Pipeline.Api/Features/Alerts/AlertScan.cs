using System.Data.Common;
using Pipeline.Api.Features.Dispatch;
using Pipeline.Api.Features.Notifications;
using Pipeline.Domain.Alerts;
using Pipeline.Domain.Dispatch;

namespace Pipeline.Api.Features.Alerts;

public sealed record ScanResult(long ScanId, int NewAlerts, int Escalated, int Resolved, int Notifications);

/// <summary>
/// The alert scan, run daily by Hangfire and on demand. Each rule is one set-based pass: the subjects that meet its
/// condition (with their level from date cut-offs) go to a scan-scoped candidate table, and a few statements merge
/// them into alerts — resolve what cleared, raise what worsened, open what is new — each leaving its history.
/// Scans may run at the same moment on several instances: unique indexes decide, and a statement that loses a race
/// is run again.
/// </summary>
public sealed class AlertScan(Db db, BusinessClock clock, NotificationOutbox outbox, IOptions<DispatchOptions> dispatch, ILogger<AlertScan> logger)
{
    private const string Match = "c.scan_id = @ScanId AND c.rule_code = {0}.rule_code AND c.subject_type = {0}.subject_type AND c.subject_id = {0}.subject_id";

    public Task RunScheduledAsync(CancellationToken ct) => RunAsync("scheduled", null, ct);

    public async Task<ScanResult> RunAsync(string trigger, long? requestedBy, CancellationToken ct)
    {
        var today = clock.Today;
        var started = clock.UtcNow;
        long scanId;
        IReadOnlyList<StoredRule> rules;
        IReadOnlyDictionary<DateOnly, bool> exceptions;
        await using (var session = await db.BeginAsync(ct))
        {
            scanId = await session.InsertAsync("""
                INSERT INTO alert_scans (trigger_kind, requested_by, scan_date, started_at, new_alerts, escalated, resolved, notifications)
                VALUES (@trigger, @requestedBy, @today, @started, 0, 0, 0, 0)
                """, new { trigger, requestedBy, today, started });
            rules = await AlertRuleStore.RulesAsync(session);
            exceptions = await Calendar.CalendarStore.ExceptionsAsync(session);
            await session.CommitAsync();
        }

        int opened = 0, escalated = 0, resolved = 0;
        foreach (var stored in rules)
        {
            var (o, e, r) = await RetryOnDuplicateAsync(() => ScanRuleAsync(stored.Rule, scanId, today, started, exceptions, ct));
            opened += o;
            escalated += e;
            resolved += r;
        }

        // The notifications read every open alert, planned on what autovacuum last counted: on its next round (once a minute
        // by default), and committed rows only. Counted while a transaction filled the emptied table, PostgreSQL planned
        // 76,000 open alerts as one and looped over them (over 30 s at 100,000 projects; 6–9 s planned with hash joins).
        if (opened + escalated + resolved >= ManyRows && db.Dialect.RefreshStatistics("alerts") is { } refreshAlerts)
        {
            await using var session = await db.OpenAsync(ct);
            await session.ExecuteAsync(refreshAlerts);
        }

        var notifications = await RetryOnDuplicateAsync(() => outbox.NotifyAsync(scanId, today, started, ct));
        await using (var session = await db.BeginAsync(ct))
        {
            await session.ExecuteAsync("""
                UPDATE alert_scans SET finished_at = @Finished, new_alerts = @opened, escalated = @escalated, resolved = @resolved, notifications = @notifications
                WHERE id = @scanId
                """, new { scanId, Finished = clock.UtcNow, opened, escalated, resolved, notifications });
            await session.CommitAsync();
        }

        outbox.EnqueueDeliveries(await outbox.PendingDeliveriesAsync(scanId, ct));
        logger.LogInformation("Alert scan {ScanId} ({Trigger}): {New} new, {Escalated} escalated, {Resolved} resolved, {Notifications} notifications.",
            scanId, trigger, opened, escalated, resolved, notifications);
        return new ScanResult(scanId, opened, escalated, resolved, notifications);
    }

    private async Task<(int Opened, int Escalated, int Resolved)> ScanRuleAsync(
        AlertRule rule, long scanId, DateOnly today, DateTime now, IReadOnlyDictionary<DateOnly, bool> exceptions, CancellationToken ct)
    {
        var calendar = WorkCalendar.For(rule.Calendar, exceptions);
        var main = rule.Thresholds;
        var fallback = rule.Fallback ?? main;
        var args = new
        {
            ScanId = scanId, Rule = rule.Code, SubjectType = AlertConditions.SubjectType(rule.Code), Today = today, Now = now,
            Yellow = calendar.Cutoff(today, main.Yellow), Orange = calendar.Cutoff(today, main.Orange), Red = calendar.Cutoff(today, main.Red),
            FallbackYellow = calendar.Cutoff(today, fallback.Yellow), FallbackOrange = calendar.Cutoff(today, fallback.Orange),
            FallbackRed = calendar.Cutoff(today, fallback.Red),
        };
        var missingMonth = MonthlyUpdates.LatestOverdueMonth(today, dispatch.Value.DueDay);
        var monthArgs = new
        {
            MissingMonth = missingMonth, MissingMonthEnd = MonthlyUpdates.LastDay(missingMonth), MissingDueOn = MonthlyUpdates.DueOn(missingMonth, dispatch.Value.DueDay),
        };
        var candidateArgs = new DynamicParameters(args);
        candidateArgs.AddDynamicParams(monthArgs);
        var candidate = string.Format(System.Globalization.CultureInfo.InvariantCulture, Match, "a");
        var candidateOfRow = string.Format(System.Globalization.CultureInfo.InvariantCulture, Match, "alerts");

        await using var session = await db.BeginAsync(ct);
        if (rule.Active)
        {
            var candidates = await session.ExecuteAsync(d => $"""
                INSERT INTO alert_candidates (scan_id, rule_code, subject_type, subject_id, project_id, trip_id, level, since, responsible_user_id, unit_id, leader_id)
                SELECT @ScanId, @Rule, @SubjectType, x.subject_id, x.project_id, x.trip_id, x.level, x.since, x.responsible_user_id, x.unit_id, x.leader_id
                FROM (SELECT s.*, {AlertConditions.Level} AS level FROM ({AlertConditions.Select(d, rule.Code)}) s) x
                WHERE x.level IS NOT NULL
                """, candidateArgs);

            // Planned as the one row its statistics promise, PostgreSQL opened the new alerts by probing alerts on the rule
            // alone for each candidate, through every row the statement had just added: 25 s for 20,000 at 100,000 projects.
            if (candidates >= ManyRows && db.Dialect.RefreshStatistics("alert_candidates") is { } refresh)
            {
                await session.ExecuteAsync(refresh);
            }
        }

        // Cleared: the subject no longer meets the condition (or the rule was switched off).
        await session.ExecuteAsync(d => d.InsertMissing($"""
            INSERT INTO alert_history (alert_id, at, event, level, milestone, note)
            SELECT a.id, @Now, 'resolved', a.level, 'resolved', 'auto'
            FROM alerts a
            WHERE a.rule_code = @Rule AND a.status <> 'resolved'
              AND NOT EXISTS (SELECT 1 FROM alert_candidates c WHERE {candidate})
            """, Milestone, "NOT EXISTS (SELECT 1 FROM alert_history h WHERE h.alert_id = a.id AND h.milestone = 'resolved')"), args);
        // Only the cleared alerts whose clearing is now in their history: one that a concurrent scan opened after that
        // insert stays open for the next scan, rather than closing without its history.
        var resolved = await session.ExecuteAsync($"""
            UPDATE alerts SET status = 'resolved', resolution = 'auto', resolved_at = @Now, version = version + 1, updated_at = @Now
            WHERE rule_code = @Rule AND status <> 'resolved' AND NOT EXISTS (SELECT 1 FROM alert_candidates c WHERE {candidateOfRow})
              AND EXISTS (SELECT 1 FROM alert_history h WHERE h.alert_id = alerts.id AND h.milestone = 'resolved')
            """, args);

        // Worsened: levels only rise while an alert is open; each level reached is kept in its history once.
        await session.ExecuteAsync(d => d.InsertMissing($"""
            INSERT INTO alert_history (alert_id, at, event, level, milestone, note)
            SELECT a.id, @Now, 'escalated', c.level, c.level, CONCAT(a.level, ' → ', c.level)
            FROM alerts a JOIN alert_candidates c ON {candidate}
            WHERE a.rule_code = @Rule AND a.status <> 'resolved' AND {Rank("c.level")} > {Rank("a.level")}
            """, Milestone, "NOT EXISTS (SELECT 1 FROM alert_history h WHERE h.alert_id = a.id AND h.milestone = c.level)"), args);
        var escalated = await session.ExecuteAsync($"""
            UPDATE alerts SET level = (SELECT c.level FROM alert_candidates c WHERE {candidateOfRow}), version = version + 1, updated_at = @Now
            WHERE rule_code = @Rule AND status <> 'resolved'
              AND EXISTS (SELECT 1 FROM alert_candidates c WHERE {candidateOfRow} AND {Rank("c.level")} > {Rank("alerts.level")})
            """, args);

        // The people and the date an alert counts from follow the project (a new leader, a postponed plan).
        await session.ExecuteAsync($"""
            UPDATE alerts SET
                since = (SELECT c.since FROM alert_candidates c WHERE {candidateOfRow}),
                responsible_user_id = (SELECT c.responsible_user_id FROM alert_candidates c WHERE {candidateOfRow}),
                unit_id = (SELECT c.unit_id FROM alert_candidates c WHERE {candidateOfRow}),
                leader_id = (SELECT c.leader_id FROM alert_candidates c WHERE {candidateOfRow}),
                updated_at = @Now
            WHERE rule_code = @Rule AND status <> 'resolved'
              AND EXISTS (SELECT 1 FROM alert_candidates c WHERE {candidateOfRow}
                          AND (c.since <> alerts.since OR c.unit_id <> alerts.unit_id
                               OR COALESCE(c.responsible_user_id, 0) <> COALESCE(alerts.responsible_user_id, 0)
                               OR COALESCE(c.leader_id, 0) <> COALESCE(alerts.leader_id, 0)))
            """, args);

        // New: no open alert for the subject; one a person closed by hand for the same date comes back only on reaching a higher level.
        var opened = await session.ExecuteAsync($"""
            INSERT INTO alerts (rule_code, subject_type, subject_id, project_id, trip_id, level, status, since, opened_scan_id, opened_at,
                responsible_user_id, unit_id, leader_id, version, updated_at)
            SELECT c.rule_code, c.subject_type, c.subject_id, c.project_id, c.trip_id, c.level, 'open', c.since, @ScanId, @Now,
                c.responsible_user_id, c.unit_id, c.leader_id, 1, @Now
            FROM alert_candidates c
            WHERE c.scan_id = @ScanId AND c.rule_code = @Rule
              AND NOT EXISTS (SELECT 1 FROM alerts a
                              WHERE a.rule_code = c.rule_code AND a.subject_type = c.subject_type AND a.subject_id = c.subject_id
                                AND (a.status <> 'resolved'
                                     OR (a.resolution = 'manual' AND a.since = c.since AND {Rank("a.level")} >= {Rank("c.level")})))
            """, args);
        await session.ExecuteAsync(d => d.InsertMissing("""
            INSERT INTO alert_history (alert_id, at, event, level, milestone, note)
            SELECT a.id, @Now, 'opened', a.level, a.level, NULL
            FROM alerts a
            WHERE a.opened_scan_id = @ScanId AND a.rule_code = @Rule
            """, Milestone, "NOT EXISTS (SELECT 1 FROM alert_history h WHERE h.alert_id = a.id AND h.milestone = a.level)"), args);
        await session.ExecuteAsync("DELETE FROM alert_candidates WHERE scan_id = @ScanId AND rule_code = @Rule", args);
        await session.CommitAsync();
        return (opened, escalated, resolved);
    }

    /// <summary>Below this many rows written, every plan of the scan is quick whatever the statistics say.</summary>
    private const int ManyRows = 1000;

    /// <summary>Each level an alert reaches is in its history once (ux_alert_history_milestone).</summary>
    private const string Milestone = "(alert_id, milestone) WHERE milestone IS NOT NULL";

    private static string Rank(string level) => $"CASE {level} WHEN 'yellow' THEN 1 WHEN 'orange' THEN 2 ELSE 3 END";

    /// <summary>Runs again when another scan committed the same alert or notification first (SQL Server; SQLite serialises writers).</summary>
    private async Task<T> RetryOnDuplicateAsync<T>(Func<Task<T>> work)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await work();
            }
            catch (DbException e) when (db.Dialect.IsUniqueViolation(e) && attempt < 5)
            {
                logger.LogInformation("Another scan wrote the same rows first; running the step again (attempt {Attempt}).", attempt + 1);
            }
        }
    }
}
