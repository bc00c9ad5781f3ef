using Pipeline.Api.Data;
using Pipeline.Api.Hosting;

namespace Pipeline.Api.Features.Audit;

/// <summary>
/// Writes the audit trail: every change and every sign-in attempt, with the UTC time, the user, the client
/// address and the result. Changes are audited in their own transaction, so the trail and the data agree.
/// </summary>
public sealed class AuditLog(IHttpContextAccessor http, BusinessClock clock)
{
    public const string Ok = "ok";

    public Task WriteAsync(DbSession session, string action, string entity, object? entityId, string? detail = null)
    {
        var caller = http.HttpContext is { } context ? Caller.From(context.User) : null;
        return WriteAsync(session, new AuditEntry(action, entity, entityId?.ToString(), Ok, detail, caller?.Id, caller?.UserName ?? "system"));
    }

    private const string Insert = """
        INSERT INTO audit_log (at, user_id, user_name, action, entity, entity_id, result, client_ip, detail)
        VALUES (@At, @UserId, @UserName, @Action, @Entity, @EntityId, @Result, @ClientIp, @Detail)
        """;

    public Task WriteAsync(DbSession session, AuditEntry entry) => session.ExecuteAsync(Insert,
        new
        {
            At = clock.UtcNow,
            entry.UserId,
            entry.UserName,
            entry.Action,
            entry.Entity,
            entry.EntityId,
            entry.Result,
            ClientIp = ClientIp,
            Detail = Trimmed(entry.Detail),
        });

    /// <summary>Many entries by the caller of this request in one session (bulk work such as an import), through one prepared statement.</summary>
    public PreparedAudit Prepare(DbSession session)
    {
        var caller = http.HttpContext is { } context ? Caller.From(context.User) : null;
        var statement = session.Prepare(_ => Insert, "At", "UserId", "UserName", "Action", "Entity", "EntityId", "Result", "ClientIp", "Detail");
        return new PreparedAudit((action, entity, entityId, detail) => statement.ExecuteAsync(
            clock.UtcNow, caller?.Id, caller?.UserName ?? "system", action, entity, entityId?.ToString(), Ok, ClientIp, Trimmed(detail)));
    }

    private string? ClientIp => http.HttpContext?.Connection.RemoteIpAddress?.ToString();

    private static string? Trimmed(string? detail) => detail is { Length: > 4000 } d ? d[..4000] : detail;
}

/// <summary>Writes audit entries through a statement prepared once.</summary>
public sealed class PreparedAudit(Func<string, string, object?, string?, Task<int>> write)
{
    public Task WriteAsync(string action, string entity, object? entityId, string? detail = null) => write(action, entity, entityId, detail);
}

public sealed record AuditEntry(
    string Action, string Entity, string? EntityId, string Result, string? Detail, long? UserId, string? UserName);
