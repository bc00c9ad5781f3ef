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
        var current = await cache.GetOrCreateAsync(Key(userId), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            await using var session = await db.OpenAsync(ct);
            return await Users.UserStore.ActiveStampAsync(session, userId);
        });
        return current is not null && current == stamp;
    }

    public void Forget(long userId) => cache.Remove(Key(userId));

    public static string NewStamp() => Guid.NewGuid().ToString("N");

    private static string Key(long userId) => $"stamp:{userId}";
}
