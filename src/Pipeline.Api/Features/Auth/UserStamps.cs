using Microsoft.Extensions.Caching.Memory;

namespace Pipeline.Api.Features.Auth;

/// <summary>
/// Revokes tokens: a token is honoured only while its user is active and its security stamp is the user's current one.
/// The stamp changes with the password, roles, unit or activation. Looked up at most once a minute per user and
/// instance (immediately on the instance that made the change), so requests rarely touch the database for it.
/// </summary>
public sealed class UserStamps(Db db, IMemoryCache cache)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);

    public async Task<bool> IsCurrentAsync(long userId, string? stamp, CancellationToken ct)
    {
        if (!cache.TryGetValue(Key(userId), out string? current))
        {
            await using var session = await db.OpenAsync(ct);
            current = await Users.UserStore.ActiveStampAsync(session, userId);
            cache.Set(Key(userId), current, CacheFor);
        }

        return current is not null && current == stamp;
    }

    public void Forget(long userId) => cache.Remove(Key(userId));

    public static string NewStamp() => Guid.NewGuid().ToString("N");

    // A key of its own type keeps the entries apart from the cache's other users without building a string per request.
    private static StampKey Key(long userId) => new(userId);

    private readonly record struct StampKey(long UserId);
}
