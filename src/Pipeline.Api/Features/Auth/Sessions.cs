using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Pipeline.Api.Data;

namespace Pipeline.Api.Features.Auth;

/// <summary>
/// Server-side sessions for the idle timeout: every token names its session (<c>sid</c>), and a session unused for
/// <c>IdleTimeoutMinutes</c> ends, its token with it. The absolute lifetime is the token's (<c>TokenLifetimeMinutes</c> from
/// sign-in; a password change keeps the session's start, and there is no refresh). Use is written at most once a minute
/// per session and instance, so requests rarely touch the database for it; every instance reads the same row.
/// </summary>
public sealed class Sessions(Db db, IMemoryCache cache, IOptions<AuthOptions> options, TimeProvider time)
{
    private static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);

    public static async Task<string> StartAsync(DbSession session, long userId, DateTime now)
    {
        var id = Guid.NewGuid().ToString("N");
        await session.ExecuteAsync("INSERT INTO sessions (id, user_id, created_at, last_seen_at) VALUES (@id, @userId, @now, @now)", new { id, userId, now });
        return id;
    }

    /// <summary>When the session began, for a token re-issued within it (a password change).</summary>
    public static Task<DateTime?> StartedAsync(DbSession session, string id) =>
        session.ExecuteScalarAsync<DateTime?>("SELECT created_at FROM sessions WHERE id = @id", new { id });

    /// <summary>Whether the session is the user's and was used within the idle timeout; records this use.</summary>
    public async Task<bool> TouchAsync(string? id, long userId, CancellationToken ct)
    {
        if (id is null)
        {
            return false;
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (cache.TryGetValue(Key(id), out DateTime seen) && now - seen < TouchEvery && now >= seen)
        {
            return true;
        }

        await using var session = await db.OpenAsync(ct);
        var lastSeen = await session.ExecuteScalarAsync<DateTime?>(
            "SELECT last_seen_at FROM sessions WHERE id = @id AND user_id = @userId", new { id, userId });
        if (lastSeen is null || now - lastSeen.Value > TimeSpan.FromMinutes(options.Value.IdleTimeoutMinutes))
        {
            cache.Remove(Key(id));
            return false;
        }

        await session.ExecuteAsync("UPDATE sessions SET last_seen_at = @now WHERE id = @id AND last_seen_at < @now", new { id, now });
        cache.Set(Key(id), now, TimeSpan.FromMinutes(options.Value.IdleTimeoutMinutes));
        return true;
    }

    private static string Key(string id) => $"session:{id}";
}
