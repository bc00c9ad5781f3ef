using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Pipeline.Api.Features.Audit;

/// <summary>
/// Writes the audit trail: every change and every sign-in attempt, with the UTC time, the user, the client
/// address and the result. Changes are audited in their own transaction, so the trail and the data agree.
/// Each entry carries a hash of its content and of the entry before it (<see cref="AuditChain"/>), so a changed or
/// removed entry breaks the chain; writers take the dialect's lock on the chain, so concurrent writers never fork it.
/// </summary>
public sealed class AuditLog(IHttpContextAccessor http, BusinessClock clock)
{
    public const string Ok = "ok";

    /// <summary>The name of the lock that serializes writers of the chain.</summary>
    public const string ChainLock = "audit_log";

    public Task WriteAsync(DbSession session, string action, string entity, object? entityId, string? detail = null)
    {
        var caller = http.HttpContext is { } context ? Caller.Of(context) : null;
        return WriteAsync(session, new AuditEntry(action, entity, entityId?.ToString(), Ok, detail, caller?.Id, caller?.UserName ?? "system"));
    }

    private const string Insert = """
        INSERT INTO audit_log (at, user_id, user_name, action, entity, entity_id, result, client_ip, detail, hash)
        VALUES (@At, @UserId, @UserName, @Action, @Entity, @EntityId, @Result, @ClientIp, @Detail, @Hash)
        """;

    public async Task WriteAsync(DbSession session, AuditEntry entry)
    {
        var previous = await ChainHeadAsync(session);
        var record = Record(entry);
        await session.ExecuteAsync(Insert, record with { Hash = AuditChain.Hash(previous, record) });
    }

    /// <summary>Many entries by the caller of this request in one session (bulk work such as an import), through one prepared statement.</summary>
    public PreparedAudit Prepare(DbSession session)
    {
        var caller = http.HttpContext is { } context ? Caller.Of(context) : null;
        var statement = session.Prepare(_ => Insert, "At", "UserId", "UserName", "Action", "Entity", "EntityId", "Result", "ClientIp", "Detail", "Hash");
        string? previous = null;
        var started = false;
        return new PreparedAudit(async (action, entity, entityId, detail) =>
        {
            if (!started)
            {
                previous = await ChainHeadAsync(session);
                started = true;
            }

            var record = Record(new AuditEntry(action, entity, entityId?.ToString(), Ok, detail, caller?.Id, caller?.UserName ?? "system"));
            previous = AuditChain.Hash(previous, record);
            return await statement.ExecuteAsync(
                record.At, record.UserId, record.UserName, record.Action, record.Entity, record.EntityId, record.Result, record.ClientIp, record.Detail, previous);
        });
    }

    /// <summary>
    /// Old and new values of the fields that changed, as <c>{"field":{"old":…,"new":…}}</c>: every member of the
    /// representation that differs (its <c>version</c> aside), and each named <paramref name="fields"/> that is not in the
    /// representation (a password, a secret URL) only as changed, never its value. A null <paramref name="before"/> is a
    /// row put for the first time, a null <paramref name="after"/> one taken away: every value is new, or old.
    /// </summary>
    public static string Changes<T>(T? before, T? after, IEnumerable<string> fields)
    {
        var old = before is null ? [] : JsonSerializer.SerializeToNode(before, Json)!.AsObject();
        var now = after is null ? [] : JsonSerializer.SerializeToNode(after, Json)!.AsObject();
        var changes = new JsonObject();
        foreach (var name in now.Select(m => m.Key).Union(old.Select(m => m.Key)))
        {
            if (name != "version" && !JsonNode.DeepEquals(old[name], now[name]))
            {
                changes[name] = new JsonObject { ["old"] = old[name]?.DeepClone(), ["new"] = now[name]?.DeepClone() };
            }
        }

        foreach (var hidden in fields.Where(f => !now.ContainsKey(f)))
        {
            changes[hidden] = "changed";
        }

        return changes.ToJsonString(Json);
    }

    private static readonly JsonSerializerOptions Json = CreateJson();

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        ApiSetup.Configure(options);
        return options;
    }

    /// <summary>Takes the chain's lock until the transaction ends and returns the hash of the last entry.</summary>
    private static async Task<string?> ChainHeadAsync(DbSession session)
    {
        // The lock lasts as long as the transaction; without one, two writers could both extend the same head.
        if (session.Transaction is null)
        {
            throw new InvalidOperationException("Audit entries are written in a transaction (Db.BeginAsync), which holds the chain's lock.");
        }

        await session.LockAsync(ChainLock);
        return await session.ExecuteScalarAsync<string>(d => $"SELECT hash FROM audit_log ORDER BY id DESC {d.Limit(1)}");
    }

    private AuditRow Record(AuditEntry entry) => new(
        AuditChain.Stored(clock.UtcNow), entry.UserId, entry.UserName, entry.Action, entry.Entity, entry.EntityId, entry.Result, ClientIp,
        entry.Detail is { Length: > 4000 } d ? d[..4000] : entry.Detail, null);

    private string? ClientIp => http.HttpContext?.Connection.RemoteIpAddress?.ToString();
}

/// <summary>Writes audit entries through a statement prepared once.</summary>
public sealed class PreparedAudit(Func<string, string, object?, string?, Task<int>> write)
{
    public Task WriteAsync(string action, string entity, object? entityId, string? detail = null) => write(action, entity, entityId, detail);
}

public sealed record AuditEntry(
    string Action, string Entity, string? EntityId, string Result, string? Detail, long? UserId, string? UserName);

/// <summary>One entry as stored, the hash included.</summary>
public sealed record AuditRow(
    DateTime At, long? UserId, string? UserName, string Action, string Entity, string? EntityId, string Result, string? ClientIp, string? Detail, string? Hash);

/// <summary>
/// The hash chain of the audit trail: each entry's hash is SHA-256 over the previous entry's hash and the entry's own
/// fields, so changing or removing any entry breaks every link after it. <c>verify-audit</c> walks it.
/// </summary>
public static class AuditChain
{
    /// <summary>Instants kept to the microsecond, which every provider stores exactly, so the hash reads back the same.</summary>
    public static DateTime Stored(DateTime at) => new(at.Ticks - (at.Ticks % 10), DateTimeKind.Utc);

    public static string Hash(string? previous, AuditRow row)
    {
        var text = string.Join('\u001f',
            previous ?? "", row.At.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            row.UserId?.ToString(CultureInfo.InvariantCulture) ?? "", row.UserName ?? "", row.Action, row.Entity, row.EntityId ?? "", row.Result,
            row.ClientIp ?? "", row.Detail ?? "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The first entry whose hash does not follow from the one before it; null when the chain is whole.</summary>
    public static (long Checked, long? BrokenAt) Verify(DbSession session)
    {
        string? previous = null;
        long count = 0;
        var started = false;
        foreach (var row in session.Stream<StoredRow>(_ =>
                     "SELECT id, at, user_id, user_name, action, entity, entity_id, result, client_ip, detail, hash FROM audit_log ORDER BY id"))
        {
            if (row.Hash is null && !started)
            {
                // Entries written before the chain existed (migration 0013) are not part of it.
                continue;
            }

            started = true;
            count++;
            var record = new AuditRow(row.At, row.UserId, row.UserName, row.Action, row.Entity, row.EntityId, row.Result, row.ClientIp, row.Detail, row.Hash);
            if (row.Hash != Hash(previous, record))
            {
                return (count, row.Id);
            }

            previous = row.Hash;
        }

        return (count, null);
    }

    /// <summary>An entry as read for the walk: what the trail shows, and the hash that chains it.</summary>
    private sealed class StoredRow : AuditRecord
    {
        public string? Hash { get; init; }
    }
}
