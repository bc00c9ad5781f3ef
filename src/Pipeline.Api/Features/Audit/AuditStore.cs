namespace Pipeline.Api.Features.Audit;

public sealed record AuditQuery(
    string? Entity, string? EntityId, long? UserId, string? Action, DateTimeOffset? From, DateTimeOffset? To, int? Page, int? PageSize);

public class AuditRecord
{
    public long Id { get; init; }

    public DateTime At { get; init; }

    public long? UserId { get; init; }

    public string? UserName { get; init; }

    public string Action { get; init; } = "";

    public string Entity { get; init; } = "";

    public string? EntityId { get; init; }

    public string Result { get; init; } = "";

    public string? ClientIp { get; init; }

    public string? Detail { get; init; }
}

/// <summary>Reading the audit trail; <see cref="AuditLog"/> writes it.</summary>
public static class AuditStore
{
    public static Task<(IReadOnlyList<AuditRecord> Items, long Total)> SearchAsync(DbSession session, AuditQuery query, int skip, int take)
    {
        var filter = new SqlFilter()
            .When(query.Entity, "a.entity = @Entity", "Entity")
            .When(query.EntityId, "a.entity_id = @EntityId", "EntityId")
            .When(query.UserId, "a.user_id = @UserId", "UserId")
            .When(query.Action, "a.action = @Action", "Action")
            .When(query.From?.UtcDateTime, "a.at >= @From", "From")
            .When(query.To?.UtcDateTime, "a.at < @To", "To");
        return session.PageAsync<AuditRecord>(
            "a.id, a.at, a.user_id, a.user_name, a.action, a.entity, a.entity_id, a.result, a.client_ip, a.detail",
            "audit_log a", filter, "a.id DESC", skip, take);
    }
}
