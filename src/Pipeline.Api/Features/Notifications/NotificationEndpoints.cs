namespace Pipeline.Api.Features.Notifications;

/// <summary>Notifications (通知): written to an outbox by the alert scan and delivered per channel by Hangfire jobs.</summary>
public static class NotificationEndpoints
{
    public static void AddNotifications(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSettings<EmailOptions>();
        services.AddSettings<WebhookOptions>();
        services.AddScoped<NotificationOutbox>();
        services.AddScoped<NotificationDelivery>();
        services.AddScoped<EmailSender>();
        services.AddHttpClient<WebhookSender>(client => client.Timeout = TimeSpan.FromSeconds(10));
    }

    public static void MapNotifications(this RouteGroupBuilder api)
    {
        var notifications = api.MapGroup("/notifications").WithTags("Notifications");
        notifications.MapGet("", List).WithDataVersion().WithSummary("我的通知");
        notifications.MapPost("/{id:long}/read", Read).WithSummary("标记通知为已读");
    }

    private static Task<Results<Ok<Paged<NotificationDto>>, ProblemHttpResult>> List([AsParameters] NotificationQuery query, [AsParameters] ApiContext ctx) =>
        Responses.PageAsync(ctx.Db, query.Page, query.PageSize,
            (session, page) => NotificationStore.ListAsync(session, ctx.Caller.Id, query.Unread == true, page.Skip, page.Take), ctx.Ct);

    private static async Task<Results<NoContent, ProblemHttpResult>> Read(long id, [AsParameters] ApiContext ctx)
    {
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        if (!await NotificationStore.MarkReadAsync(session, id, ctx.Caller.Id, ctx.Clock.UtcNow))
        {
            return Problems.NotFound(Words.Format(Messages.NotificationNotFound, id));
        }

        await ctx.Audit.WriteAsync(session, "read", "notification", id);
        await session.CommitAsync();
        return TypedResults.NoContent();
    }
}
