using Microsoft.AspNetCore.Http.HttpResults;
using Pipeline.Api.Data;
using Pipeline.Api.Hosting;

namespace Pipeline.Api.Features.Notifications;

public sealed record NotificationQuery(bool? Unread, int? Page, int? PageSize);

public sealed class DeliveryDto
{
    public long NotificationId { get; init; }

    public string Channel { get; init; } = "";

    public string Status { get; init; } = "";

    public int Attempts { get; init; }

    public string? LastError { get; init; }

    public DateTime? SentAt { get; init; }
}

/// <summary>One of the caller's notifications: read in the app (<c>channel</c> inApp), with how its other channels fared.</summary>
public sealed class NotificationDto
{
    public long Id { get; init; }

    public string Kind { get; init; } = "";

    public long? AlertId { get; init; }

    public string? Level { get; init; }

    public string Channel => "inApp";

    public string Title { get; init; } = "";

    public string Body { get; init; } = "";

    public DateTime CreatedAt { get; init; }

    public DateTime? ReadAt { get; init; }

    public IReadOnlyList<DeliveryDto> Delivery { get; set; } = [];
}

public static class NotificationEndpoints
{
    private const string Columns = """
        n.id, n.kind, n.alert_id, n.level, n.title, n.body, n.created_at, n.read_at
        """;

    public static void MapNotifications(this IEndpointRouteBuilder app)
    {
        var notifications = app.MapGroup("/api/notifications").WithTags("Alerts");
        notifications.MapGet("", List);
        notifications.MapPost("/{id:long}/read", Read);
    }

    private static async Task<Results<Ok<Paged<NotificationDto>>, ProblemHttpResult>> List(
        [AsParameters] NotificationQuery query, Caller caller, Db db, CancellationToken ct)
    {
        var result = await Responses.PageAsync(db, query.Page, query.PageSize, async (session, page) =>
        {
            var filter = new SqlFilter().When<long?>(caller.Id, "n.user_id = @Me", "Me");
            if (query.Unread == true)
            {
                filter.Add("n.read_at IS NULL");
            }

            var (items, total) = await session.PageAsync<NotificationDto>(Columns, "notifications n", filter, "n.id DESC", page.Skip, page.Take);
            var deliveries = (await session.QueryAsync<DeliveryDto>(d => $"""
                SELECT notification_id, channel, status, attempts, last_error, sent_at
                FROM notification_deliveries WHERE notification_id {d.InList("@Ids")} ORDER BY id
                """, new { Ids = items.Select(i => i.Id).ToList() })).ToLookup(d => d.NotificationId);
            foreach (var item in items)
            {
                item.Delivery = deliveries[item.Id].ToList();
            }

            return (items, total);
        }, ct);
        return result;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Read(long id, Caller caller, Db db, BusinessClock clock, CancellationToken ct)
    {
        await using var session = await db.BeginAsync(ct);
        var updated = await session.ExecuteAsync(
            "UPDATE notifications SET read_at = COALESCE(read_at, @Now) WHERE id = @id AND user_id = @Me", new { id, Me = caller.Id, Now = clock.UtcNow });
        await session.CommitAsync();
        return updated == 0 ? Problems.NotFound($"You have no notification {id}.") : TypedResults.NoContent();
    }
}
