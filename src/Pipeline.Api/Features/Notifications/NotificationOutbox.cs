using Hangfire;
using Pipeline.Api.Features.Alerts;

namespace Pipeline.Api.Features.Notifications;

/// <summary>
/// The outbox: notifications are rows in our tables first, one per person, alert and level (or per leader and day
/// for the digest), each with a delivery row per channel the person has; Hangfire jobs then deliver them.
/// Who hears: yellow — the responsible person; orange — also the head of the responsible unit; red — also the
/// responsible leader and <c>Pipeline:Alerts:RedRecipients</c>. Leaders get one daily digest instead of a message
/// per alert. Snoozed alerts stay silent.
/// </summary>
/// <summary>What a notification sent at once is about.</summary>
public enum NoticeSubject
{
    Instruction,
    Matter,
}

/// <summary>
/// A notification sent at once: its subject (an instruction or a matter), its kind (instruction, answer; matter, matterAssigned,
/// matterAnswered), and what people read.
/// </summary>
public sealed record Notice(NoticeSubject Subject, long SubjectId, string Kind, string Title, string Body, long? AlertId = null, string? Level = null);

public sealed class NotificationOutbox(Db db, IBackgroundJobClient jobs, IOptions<AlertOptions> alerts, IOptions<EmailOptions> email)
{
    private static string Recipients(ISqlDialect d) => $"""
        SELECT x.id AS alert_id, x.responsible_user_id AS user_id FROM alerts x WHERE x.status <> 'resolved'
        UNION SELECT x.id, u.head_user_id FROM alerts x JOIN units u ON u.id = x.unit_id WHERE x.status <> 'resolved' AND x.level IN ('orange', 'red')
        UNION SELECT x.id, x.leader_id FROM alerts x WHERE x.status <> 'resolved' AND x.level = 'red'
        UNION SELECT x.id, ru.id FROM alerts x CROSS JOIN users ru WHERE x.status <> 'resolved' AND x.level = 'red' AND {d.CaseFolded("ru.user_name")} {d.InList("@RedRecipients")}
        """;

    private const string LevelName = "CASE a.level WHEN 'yellow' THEN '黄色' WHEN 'orange' THEN '橙色' ELSE '红色' END";

    private const string IsLeader = "EXISTS (SELECT 1 FROM user_roles lr WHERE lr.user_id = r.user_id AND lr.role = 'leader')";

    private const string Audible = "a.status <> 'resolved' AND (a.snoozed_until IS NULL OR a.snoozed_until < @Today)";

    /// <summary>Creates the notifications an alert state calls for and has not had yet, with their deliveries; returns how many.</summary>
    public async Task<int> NotifyAsync(long scanId, DateOnly today, DateTime now, CancellationToken ct)
    {
        var args = new { ScanId = scanId, Today = today, Now = now, RedRecipients = RedRecipients() };
        await using var session = await db.BeginAsync(ct);
        var created = await session.ExecuteAsync(d => d.InsertMissing($"""
            INSERT INTO notifications (user_id, kind, alert_id, level, scan_id, title, body, created_at)
            SELECT r.user_id, 'alert', a.id, a.level, @ScanId,
                   CONCAT('【', {LevelName}, '预警】', ar.name, '：', COALESCE(p.name, t.destination)),
                   CONCAT(CASE WHEN a.trip_id IS NULL THEN '项目「' ELSE '外出招商「' END, COALESCE(p.name, t.purpose), '」', ar.name,
                          '，自 ', a.since, ' 起计已达', {LevelName}, '预警。责任单位：', un.name, '。请及时推进并反馈。'),
                   @Now
            FROM alerts a
            JOIN alert_rules ar ON ar.code = a.rule_code
            JOIN units un ON un.id = a.unit_id
            LEFT JOIN projects p ON p.id = a.project_id
            LEFT JOIN trips t ON t.id = a.trip_id
            JOIN ({Recipients(d)}) r ON r.alert_id = a.id
            WHERE {Audible} AND r.user_id IS NOT NULL
              AND EXISTS (SELECT 1 FROM users ru WHERE ru.id = r.user_id AND ru.is_active = {d.True})
              AND NOT {IsLeader}
            """, "(alert_id, level, user_id) WHERE kind = 'alert'",
            "NOT EXISTS (SELECT 1 FROM notifications n WHERE n.kind = 'alert' AND n.alert_id = a.id AND n.level = a.level AND n.user_id = r.user_id)"),
            args);
        created += await OverdueInstructionsAsync(session, scanId, today, now);
        created += await DigestsAsync(session, scanId, today, now);
        await AddDeliveriesAsync(session, "n.scan_id = @ScanId", args);
        await session.CommitAsync();
        return created;
    }

    /// <summary>
    /// Tells people at once, not in the next digest: a notification for each of <paramref name="userIds"/> (active ones, and
    /// only once per subject and kind) with a delivery on every channel they have. Returns the deliveries, for
    /// <see cref="EnqueueDeliveries"/> once the caller's transaction has committed (a job must not look before then).
    /// </summary>
    public async Task<IReadOnlyList<long>> NotifyAsync(DbSession session, Notice notice, IReadOnlyCollection<long> userIds, DateTime now)
    {
        var link = notice.Subject == NoticeSubject.Instruction ? "instruction_id" : "matter_id";
        var args = new { notice.SubjectId, notice.Kind, notice.AlertId, notice.Level, notice.Title, notice.Body, userIds, Now = now };
        await session.ExecuteAsync(d => $"""
            INSERT INTO notifications (user_id, kind, alert_id, {link}, level, title, body, created_at)
            SELECT u.id, @Kind, @AlertId, @SubjectId, @Level, @Title, @Body, @Now
            FROM users u
            WHERE u.id {d.InList("@userIds")} AND u.is_active = {d.True}
              AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.{link} = @SubjectId AND n.kind = @Kind AND n.user_id = u.id)
            """, args);
        var these = $"n.{link} = @SubjectId AND n.kind = @Kind";
        await AddDeliveriesAsync(session, these, args);
        return await session.QueryAsync<long>($"""
            SELECT d.id FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
            WHERE {these} AND d.status = 'pending' ORDER BY d.id
            """, args);
    }

    /// <summary>An instruction past its due date without an answer: the responsible person and the leader who issued it hear, once.</summary>
    private static async Task<int> OverdueInstructionsAsync(DbSession session, long scanId, DateOnly today, DateTime now)
    {
        var args = new { ScanId = scanId, Today = today, Now = now, Kind = "overdue", Heading = "【督办逾期】" };
        return await session.ExecuteAsync(d => $"""
            INSERT INTO notifications (user_id, kind, alert_id, instruction_id, level, scan_id, title, body, created_at)
            SELECT r.user_id, @Kind, a.id, i.id, a.level, @ScanId, CONCAT(@Heading, ar.name, '：', COALESCE(p.name, t.purpose)),
                   CONCAT('督办事项「', i.text, '」要求 ', i.due_on, ' 前反馈，至今未反馈。请尽快办理并在系统中反馈。'), @Now
            FROM alert_instructions i
            JOIN alerts a ON a.id = i.alert_id
            JOIN alert_rules ar ON ar.code = a.rule_code
            LEFT JOIN projects p ON p.id = a.project_id
            LEFT JOIN trips t ON t.id = a.trip_id
            JOIN (SELECT x.id AS instruction_id, y.responsible_user_id AS user_id FROM alert_instructions x JOIN alerts y ON y.id = x.alert_id
                  UNION SELECT x.id, x.issued_by FROM alert_instructions x) r ON r.instruction_id = i.id
            WHERE i.response IS NULL AND i.due_on < @Today AND r.user_id IS NOT NULL
              AND EXISTS (SELECT 1 FROM users ru WHERE ru.id = r.user_id AND ru.is_active = {d.True})
              AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.instruction_id = i.id AND n.kind = @Kind AND n.user_id = r.user_id)
            """, args);
    }

    /// <summary>A pending delivery per channel the person has, for the notifications matching <paramref name="notifications"/> (a condition on <c>n</c>).</summary>
    private async Task AddDeliveriesAsync(DbSession session, string notifications, object args)
    {
        await session.ExecuteAsync(Deliveries("webhook", "u.webhook_url IS NOT NULL", notifications), args);
        if (email.Value.Enabled)
        {
            await session.ExecuteAsync(Deliveries("email", "u.email IS NOT NULL", notifications), args);
        }
    }

    public async Task<IReadOnlyList<long>> PendingDeliveriesAsync(long scanId, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        return await session.QueryAsync<long>("""
            SELECT d.id FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
            WHERE n.scan_id = @scanId AND d.status = 'pending' ORDER BY d.id
            """, new { scanId });
    }

    /// <summary>
    /// Queues every delivery that has not gone out — after a restart the in-memory Hangfire storage has forgotten them.
    /// Deliveries stuck in 'sending' (the process died mid-send) count too once they are stale.
    /// </summary>
    public async Task<int> RequeueUndeliveredAsync(DateTime now, CancellationToken ct)
    {
        IReadOnlyList<long> ids;
        await using (var session = await db.OpenAsync(ct))
        {
            ids = await session.QueryAsync<long>("""
                SELECT id FROM notification_deliveries
                WHERE status = 'pending' OR (status = 'failed' AND attempts < @Max) OR (status = 'sending' AND claimed_at < @Stale)
                ORDER BY id
                """, new { Max = NotificationDelivery.MaxAttempts, Stale = now - NotificationDelivery.StaleAfter });
        }

        EnqueueDeliveries(ids);
        return ids.Count;
    }

    public void EnqueueDeliveries(IEnumerable<long> deliveryIds)
    {
        foreach (var id in deliveryIds)
        {
            jobs.Enqueue<NotificationDelivery>(delivery => delivery.DeliverAsync(id, CancellationToken.None));
        }
    }

    /// <summary>
    /// One digest a day for each leader with open alerts or open matters (需协调事项): counts by level, the oldest red ones by
    /// name, overdue instructions, and the matters still open and overdue.
    /// </summary>
    private async Task<int> DigestsAsync(DbSession session, long scanId, DateOnly today, DateTime now)
    {
        var args = new { Today = today, RedRecipients = RedRecipients() };
        SqlText leaderAlerts = d => $"""
            FROM alerts a
            JOIN (SELECT x.id AS alert_id, x.leader_id AS user_id FROM alerts x WHERE x.status <> 'resolved'
                  UNION SELECT x.id, ru.id FROM alerts x CROSS JOIN users ru WHERE x.status <> 'resolved' AND x.level = 'red' AND {d.CaseFolded("ru.user_name")} {d.InList("@RedRecipients")}) r
              ON r.alert_id = a.id
            WHERE {Audible} AND r.user_id IS NOT NULL AND {IsLeader}
              AND EXISTS (SELECT 1 FROM users lu WHERE lu.id = r.user_id AND lu.is_active = {d.True})
            """;
        var counts = await session.QueryAsync<(long UserId, string Level, long Count)>(
            d => $"SELECT r.user_id, a.level, COUNT(*) {leaderAlerts(d)} GROUP BY r.user_id, a.level", args);
        var matters = (await session.QueryAsync<(long UserId, long Open, long Overdue)>(d => $"""
            SELECT m.leader_id, COUNT(*), COALESCE(SUM(CASE WHEN m.status = 'assigned' AND m.due_on < @Today THEN 1 ELSE 0 END), 0)
            FROM matters m JOIN users lu ON lu.id = m.leader_id
            WHERE m.status <> 'closed' AND lu.is_active = {d.True}
            GROUP BY m.leader_id
            """, args)).ToDictionary(m => m.UserId);
        if (counts.Count == 0 && matters.Count == 0)
        {
            return 0;
        }

        var reds = (await session.QueryAsync<(long UserId, string Name)>(d => $"""
            SELECT ranked.user_id, ranked.name FROM (
                SELECT r.user_id, CONCAT(ar.name, '：', COALESCE(p.name, t.purpose)) AS name,
                       ROW_NUMBER() OVER (PARTITION BY r.user_id ORDER BY a.since, a.id) AS n
                {leaderAlerts(d).Replace("FROM alerts a", "FROM alerts a JOIN alert_rules ar ON ar.code = a.rule_code LEFT JOIN projects p ON p.id = a.project_id LEFT JOIN trips t ON t.id = a.trip_id", StringComparison.Ordinal)}
                  AND a.level = 'red') ranked
            WHERE ranked.n <= 5
            """, args)).ToLookup(r => r.UserId, r => r.Name);
        var overdue = (await session.QueryAsync<(long UserId, long Count)>("""
            SELECT x.user_id, COUNT(DISTINCT x.instruction_id) FROM (
                SELECT a.leader_id AS user_id, i.id AS instruction_id FROM alert_instructions i JOIN alerts a ON a.id = i.alert_id
                WHERE i.response IS NULL AND i.due_on < @Today
                UNION SELECT i.issued_by, i.id FROM alert_instructions i WHERE i.response IS NULL AND i.due_on < @Today) x
            WHERE x.user_id IS NOT NULL
            GROUP BY x.user_id
            """, args)).ToDictionary(o => o.UserId, o => o.Count);
        var byLeader = counts.ToLookup(c => c.UserId);
        var digests = byLeader.Select(l => l.Key).Union(matters.Keys).Select(leaderId =>
        {
            var leader = byLeader[leaderId];
            long Of(string level) => leader.Where(c => c.Level == level).Sum(c => c.Count);
            var (red, orange, yellow) = (Of("red"), Of("orange"), Of("yellow"));
            var alerted = red + orange + yellow;
            var open = matters.GetValueOrDefault(leaderId);
            // A leader with open matters but no alerts is told about the matters, not about "0 alerts".
            var title = alerted > 0
                ? $"【预警日报】{today:yyyy-MM-dd}：红色 {red} 项，橙色 {orange} 项，黄色 {yellow} 项"
                : $"【督办日报】{today:yyyy-MM-dd}：需协调事项未办结 {open.Open} 项";
            var redList = reds[leaderId].Select((name, i) => $"{i + 1}. {name}").ToList();
            var body = (alerted > 0 ? $"您包保或关注的项目尚有 {alerted} 项预警未解除：红色 {red} 项，橙色 {orange} 项，黄色 {yellow} 项。" : "")
                + (redList.Count > 0 ? "红色预警：" + string.Join("；", redList) + "。" : "")
                + (overdue.GetValueOrDefault(leaderId) is > 0 and var late ? $"督办逾期未反馈 {late} 项。" : "")
                + (open.Open > 0 ? $"您包保的项目有需协调事项未办结 {open.Open} 项，其中逾期 {open.Overdue} 项。" : "")
                + "请登录系统查看并督办。";
            return new { UserId = leaderId, Today = today, ScanId = scanId, Title = title, Body = body, Now = now };
        }).ToList();
        // Once a day per leader, checked here once per leader: checked for every alert of the counts above, each check on
        // PostgreSQL could scan all the notifications this transaction had just written (planned on statistics that said
        // the table was empty), and at 100,000 projects the harness's replay of the scan timed out there.
        return await session.ExecuteAsync("""
            INSERT INTO notifications (user_id, kind, digest_on, scan_id, title, body, created_at)
            SELECT @UserId, 'digest', @Today, @ScanId, @Title, @Body, @Now
            WHERE NOT EXISTS (SELECT 1 FROM notifications WHERE user_id = @UserId AND digest_on = @Today)
            """, digests);
    }

    /// <summary>The configured names as <see cref="ISqlDialect.CaseFolded"/> compares them.</summary>
    private List<string> RedRecipients() => alerts.Value.RedRecipients.Select(name => name.ToLowerInvariant()).ToList();

    private static SqlText Deliveries(string channel, string condition, string notifications) => d => $"""
        INSERT INTO notification_deliveries (notification_id, channel, status, attempts, created_at, updated_at)
        SELECT n.id, '{channel}', 'pending', 0, @Now, @Now
        FROM notifications n JOIN users u ON u.id = n.user_id
        WHERE {notifications} AND u.is_active = {d.True} AND {condition}
          AND NOT EXISTS (SELECT 1 FROM notification_deliveries d WHERE d.notification_id = n.id AND d.channel = '{channel}')
        """;
}
