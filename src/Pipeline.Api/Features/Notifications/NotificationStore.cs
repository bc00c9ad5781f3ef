namespace Pipeline.Api.Features.Notifications;

/// <summary>A user's in-app notifications, with how each of their other channels fared.</summary>
public static class NotificationStore
{
    public static async Task<(IReadOnlyList<NotificationDto> Items, long Total)> ListAsync(DbSession session, long userId, bool unreadOnly, int skip, int take)
    {
        var filter = new SqlFilter().When<long?>(userId, "n.user_id = @Me", "Me");
        if (unreadOnly)
        {
            filter.Add("n.read_at IS NULL");
        }

        var (items, total) = await session.PageAsync<NotificationDto>(
            "n.id, n.kind, n.alert_id, n.level, n.title, n.body, n.created_at, n.read_at", "notifications n", filter, "n.id DESC", skip, take);
        var deliveries = (await session.QueryAsync<DeliveryDto>(d => $"""
            SELECT notification_id, channel, status, attempts, last_error, sent_at
            FROM notification_deliveries WHERE notification_id {d.InList("@Ids")} ORDER BY id
            """, new { Ids = items.Select(i => i.Id).ToList() })).ToLookup(d => d.NotificationId);
        foreach (var item in items)
        {
            item.Delivery = deliveries[item.Id].ToList();
        }

        return (items, total);
    }

    /// <summary>Marks the user's notification read (the first reading counts); false when they have no such notification.</summary>
    public static async Task<bool> MarkReadAsync(DbSession session, long id, long userId, DateTime now) =>
        await session.ExecuteAsync("UPDATE notifications SET read_at = COALESCE(read_at, @now) WHERE id = @id AND user_id = @userId", new { id, userId, now }) == 1;
}
