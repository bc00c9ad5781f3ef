using Hangfire;

namespace Pipeline.Api.Features.Notifications;

/// <summary>
/// Delivers one notification on one channel (a Hangfire job taking the delivery's id). A delivery is claimed in the
/// database before it is sent, so two workers never send it twice; a failure is recorded and thrown, and Hangfire
/// retries it with growing delays. Each channel is its own job: a failing webhook never holds back the email.
/// </summary>
public sealed class NotificationDelivery(Db db, WebhookSender webhooks, EmailSender email, BusinessClock clock, ILogger<NotificationDelivery> logger)
{
    public const int MaxAttempts = 6;
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(10);

    [AutomaticRetry(Attempts = MaxAttempts - 1, DelaysInSeconds = [60, 300, 900, 3600, 10800], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public async Task DeliverAsync(long deliveryId, CancellationToken ct)
    {
        var now = clock.UtcNow;
        Outgoing? outgoing;
        await using (var session = await db.BeginAsync(ct))
        {
            var claimed = await session.ExecuteAsync("""
                UPDATE notification_deliveries SET status = 'sending', claimed_at = @now, attempts = attempts + 1, updated_at = @now
                WHERE id = @deliveryId AND (status IN ('pending', 'failed') OR (status = 'sending' AND claimed_at < @stale))
                """, new { deliveryId, now, stale = now - StaleAfter });
            outgoing = claimed == 0 ? null : await session.QuerySingleOrDefaultAsync<Outgoing>("""
                SELECT d.channel, n.id AS NotificationId, n.title, n.body, n.level, n.alert_id,
                       n.created_at, u.webhook_url, u.webhook_kind, u.email, u.display_name
                FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id JOIN users u ON u.id = n.user_id
                WHERE d.id = @deliveryId
                """, new { deliveryId });
            await session.CommitAsync();
        }

        if (outgoing is null)
        {
            logger.LogDebug("Delivery {DeliveryId} is sent or being sent already.", deliveryId);
            return;
        }

        try
        {
            await SendAsync(outgoing, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await RecordAsync(deliveryId, "failed", e.Message, CancellationToken.None);
            throw new InvalidOperationException($"Delivery {deliveryId} on {outgoing.Channel} failed: {e.Message}", e);
        }

        await RecordAsync(deliveryId, "sent", null, ct);
    }

    private Task SendAsync(Outgoing outgoing, CancellationToken ct) => outgoing.Channel switch
    {
        "webhook" => webhooks.SendAsync(outgoing.WebhookUrl!, outgoing.WebhookKind, outgoing.Title, outgoing.Body,
            new { outgoing.NotificationId, outgoing.AlertId, outgoing.Level, outgoing.CreatedAt }, ct),
        "email" => email.SendAsync(outgoing.Email!, outgoing.DisplayName, outgoing.Title, outgoing.Body, ct),
        _ => throw new InvalidOperationException($"Unknown channel '{outgoing.Channel}'."),
    };

    private async Task RecordAsync(long deliveryId, string status, string? error, CancellationToken ct)
    {
        var now = clock.UtcNow;
        await using var session = await db.BeginAsync(ct);
        await session.ExecuteAsync("""
            UPDATE notification_deliveries SET status = @status, last_error = @error, updated_at = @now,
                sent_at = CASE WHEN @status = 'sent' THEN @now ELSE sent_at END
            WHERE id = @deliveryId
            """, new { deliveryId, status, error = error is { Length: > 1000 } ? error[..1000] : error, now });
        await session.CommitAsync();
    }

    private sealed class Outgoing
    {
        public string Channel { get; init; } = "";

        public long NotificationId { get; init; }

        public string Title { get; init; } = "";

        public string Body { get; init; } = "";

        public string? Level { get; init; }

        public long? AlertId { get; init; }

        public DateTime CreatedAt { get; init; }

        public string? WebhookUrl { get; init; }

        public string? WebhookKind { get; init; }

        public string? Email { get; init; }

        public string DisplayName { get; init; } = "";
    }
}
