using Microsoft.AspNetCore.Identity;
using Pipeline.Api.Features.Security;
using Pipeline.Api.Features.Users;

namespace Pipeline.Api.Features.Auth;

/// <summary>
/// Checks a user name and password. Unknown user, wrong password, inactive and locked-out accounts all fail the
/// same way and with the same work (one password verification, against the <see cref="DecoyHash"/> when there is no
/// account), so a caller can tell them apart neither by the answer nor by its time. <c>MaxFailedSignIns</c> failures in a
/// row lock the account for that client address only (so nobody can lock an account for everyone by guessing), for
/// <c>LockoutMinutes</c>, doubling with each further lock-out up to <c>LockoutMaxMinutes</c>; an admin can unlock. The three
/// are the security settings in effect (<see cref="SecuritySettings"/>), read with the account.
/// Every attempt is audited, with the typed name only when it belongs to an account (a password typed into the name
/// field must not end up in the trail).
/// </summary>
public sealed class SignIn(
    Db db, IPasswordHasher<Account> hasher, DecoyHash decoy, AuditLog audit, BusinessClock clock, SecuritySettings settings,
    TokenIssuer tokens, IHttpContextAccessor http)
{

    public async Task<TokenResponse?> AttemptAsync(string userName, string password, CancellationToken ct)
    {
        var client = ClientAddress(http.HttpContext);
        var now = clock.UtcNow;
        UserStore.Credentials? user;
        DateTime? lockedUntil;
        SecurityPolicy policy;
        await using (var read = await db.OpenAsync(ct))
        {
            // Read on every path, so that a failure of any kind costs the same.
            policy = await settings.CurrentAsync(read);
            user = await UserStore.CredentialsAsync(read, userName);
            lockedUntil = await SignInLocks.LockedUntilAsync(read, user?.Id ?? 0, client);
        }

        if (user is null || !user.IsActive || lockedUntil > now)
        {
            hasher.VerifyHashedPassword(Account.Instance, user?.PasswordHash ?? decoy.Value, password);
            var why = user is null ? "unknown user" : !user.IsActive ? "inactive account" : $"locked until {lockedUntil:O}";
            await RecordAsync(user, "failed", why, ct);
            return null;
        }

        var verdict = hasher.VerifyHashedPassword(Account.Instance, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            await RecordFailureAsync(user, client, now, policy, ct);
            return null;
        }

        await using var session = await db.BeginAsync(ct);
        await UserStore.SignedInAsync(session, user.Id, verdict == PasswordVerificationResult.SuccessRehashNeeded ? hasher.HashPassword(Account.Instance, password) : null);
        await SignInLocks.ClearAsync(session, user.Id, client);
        var roles = await UserStore.RolesAsync(session, user.Id);
        var sessionId = await Sessions.StartAsync(session, user.Id, now);
        await audit.WriteAsync(session, new AuditEntry("signIn", "user", user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), AuditLog.Ok, null, user.Id, user.UserName));
        await session.CommitAsync();
        return tokens.Issue(new TokenSubject(user.Id, user.UserName, roles, user.UnitId, user.SecurityStamp, sessionId), now, policy);
    }

    /// <summary>The client's address as the forwarded-headers middleware settled it (only trusted proxies can change it).</summary>
    public static string ClientAddress(HttpContext? context) => context?.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private async Task RecordFailureAsync(UserStore.Credentials user, string client, DateTime now, SecurityPolicy policy, CancellationToken ct)
    {
        await using var session = await db.BeginAsync(ct);
        var lockedUntil = await SignInLocks.FailedAsync(session, user.Id, client, policy.MaxFailedSignIns, now,
            TimeSpan.FromMinutes(policy.LockoutMinutes), TimeSpan.FromMinutes(policy.LockoutMaxMinutes));
        var detail = lockedUntil > now ? $"wrong password; locked until {lockedUntil:O} for {client}" : "wrong password";
        await audit.WriteAsync(session, new AuditEntry("signIn", "user", user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "failed", detail, user.Id, user.UserName));
        await session.CommitAsync();
    }

    private async Task RecordAsync(UserStore.Credentials? user, string result, string detail, CancellationToken ct)
    {
        await using var session = await db.BeginAsync(ct);
        await audit.WriteAsync(session, new AuditEntry("signIn", "user", user?.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), result, detail, user?.Id, user?.UserName));
        await session.CommitAsync();
    }
}

/// <summary>
/// A real password hash of a random password, made once per process, that a sign-in for an unknown user is verified
/// against: the same PBKDF2 work as a wrong password for a real account. Made on first use, then shared by every request.
/// </summary>
public sealed class DecoyHash(IPasswordHasher<Account> hasher)
{
    private readonly Lazy<string> _hash = new(() => hasher.HashPassword(Account.Instance, Guid.NewGuid().ToString()), LazyThreadSafetyMode.ExecutionAndPublication);

    public string Value => _hash.Value;
}

/// <summary>Failed sign-ins counted per account and client address, with the lock they lead to.</summary>
public static class SignInLocks
{
    public static Task<DateTime?> LockedUntilAsync(DbSession session, long userId, string client) =>
        session.ExecuteScalarAsync<DateTime?>("SELECT locked_until FROM sign_in_locks WHERE user_id = @userId AND client_ip = @client", new { userId, client });

    /// <summary>
    /// Counts a failure atomically (so concurrent failures all count); at the <paramref name="max"/>th in a row the pair is
    /// locked for <paramref name="first"/> × 2^(lock-outs so far), at most <paramref name="longest"/>. Returns the lock, if any.
    /// </summary>
    public static async Task<DateTime?> FailedAsync(DbSession session, long userId, string client, int max, DateTime now, TimeSpan first, TimeSpan longest)
    {
        await session.ExecuteAsync(d => d.Upsert("sign_in_locks", ["user_id", "client_ip"],
            new Dictionary<string, string> { ["user_id"] = "@userId", ["client_ip"] = "@client", ["failures"] = "0", ["lockouts"] = "0" }), new { userId, client });
        await session.ExecuteAsync("UPDATE sign_in_locks SET failures = failures + 1 WHERE user_id = @userId AND client_ip = @client", new { userId, client });
        var state = await session.QuerySingleOrDefaultAsync<LockState>(
            "SELECT failures, lockouts FROM sign_in_locks WHERE user_id = @userId AND client_ip = @client", new { userId, client });
        if (state is null || state.Failures < max)
        {
            return null;
        }

        var wait = TimeSpan.FromTicks(Math.Min(longest.Ticks, first.Ticks * (1L << Math.Min(state.Lockouts, 30))));
        var until = now + wait;
        await session.ExecuteAsync("""
            UPDATE sign_in_locks SET failures = 0, lockouts = lockouts + 1, locked_until = @until WHERE user_id = @userId AND client_ip = @client
            """, new { userId, client, until });
        return until;
    }

    /// <summary>A successful sign-in from this address starts its count and its delays again.</summary>
    public static Task ClearAsync(DbSession session, long userId, string client) =>
        session.ExecuteAsync("DELETE FROM sign_in_locks WHERE user_id = @userId AND client_ip = @client", new { userId, client });

    /// <summary>An admin's unlock: every address may try again, with no delay carried over.</summary>
    public static Task<int> UnlockAsync(DbSession session, long userId) =>
        session.ExecuteAsync("DELETE FROM sign_in_locks WHERE user_id = @userId", new { userId });

    private sealed class LockState
    {
        public int Failures { get; init; }

        public int Lockouts { get; init; }
    }
}
