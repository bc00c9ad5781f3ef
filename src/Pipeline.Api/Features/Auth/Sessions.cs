using Microsoft.Extensions.Caching.Memory;
using Pipeline.Api.Features.Security;

namespace Pipeline.Api.Features.Auth;

/// <summary>
/// Server-side sessions for the idle timeout: every token names its session (<c>sid</c>), and a session unused for the idle
/// timeout ends, its token with it, as does one older than the session lifetime (from sign-in; a password change keeps the
/// session's start, and there is no refresh), even when its token was issued for longer. Both come from the security
/// settings in effect (<see cref="SecuritySettings"/>), read in the same statement as the session's row. Use is written at
/// most once a minute per session and instance, so requests rarely touch the database for it; every instance reads the
/// same rows, so a change of the settings holds everywhere within that minute.
/// </summary>
public sealed class Sessions(Db db, IMemoryCache cache, SecuritySettings settings, TimeProvider time)
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

    /// <summary>Whether the session is the user's, was used within the idle timeout and is within its lifetime; records this use.</summary>
    public async Task<bool> TouchAsync(string? id, long userId, CancellationToken ct)
    {
        if (id is null)
        {
            return false;
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (cache.TryGetValue(Key(id), out Seen? seen) && seen is not null && now - seen.At < TouchEvery && now >= seen.At && now < seen.Ends)
        {
            return true;
        }

        await using var session = await db.OpenAsync(ct);
        var state = await session.QuerySingleOrDefaultAsync<SessionState>($"""
            SELECT s.created_at, s.last_seen_at, ss.idle_timeout_minutes, ss.session_lifetime_minutes
            FROM sessions s {SecuritySettings.Join}
            WHERE s.id = @id AND s.user_id = @userId
            """, new { id, userId });
        var (idle, lifetime) = settings.SessionLimits(state?.IdleTimeoutMinutes, state?.SessionLifetimeMinutes);
        if (state is null || now - state.LastSeenAt > idle || now >= state.CreatedAt + lifetime)
        {
            cache.Remove(Key(id));
            return false;
        }

        await session.ExecuteAsync("UPDATE sessions SET last_seen_at = @now WHERE id = @id AND last_seen_at < @now", new { id, now });
        cache.Set(Key(id), new Seen(now, state.CreatedAt + lifetime), TouchEvery);
        return true;
    }

    // A key of its own type keeps the entries apart from the cache's other users without building a string per request.
    private static SessionKey Key(string id) => new(id);

    private readonly record struct SessionKey(string Id);

    /// <summary>This instance's last look at a session: when, and when the session ends at the latest.</summary>
    private sealed record Seen(DateTime At, DateTime Ends);

    private sealed class SessionState
    {
        public DateTime CreatedAt { get; init; }

        public DateTime LastSeenAt { get; init; }

        public int? IdleTimeoutMinutes { get; init; }

        public int? SessionLifetimeMinutes { get; init; }
    }
}
