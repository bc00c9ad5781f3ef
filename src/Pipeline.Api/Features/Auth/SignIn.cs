using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Pipeline.Api.Data;
using Pipeline.Api.Features.Audit;
using Pipeline.Api.Features.Users;
using Pipeline.Api.Hosting;

namespace Pipeline.Api.Features.Auth;

/// <summary>
/// Checks a user name and password. Unknown user, wrong password, inactive and locked-out accounts all fail the
/// same way, so a caller cannot tell them apart; <c>MaxFailedSignIns</c> failures in a row lock the account for
/// <c>LockoutMinutes</c>. Every attempt is audited.
/// </summary>
public sealed class SignIn(
    Db db, IPasswordHasher<Account> hasher, AuditLog audit, BusinessClock clock, IOptions<AuthOptions> options, TokenIssuer tokens)
{
    // Verifying against a real hash when the user does not exist keeps the response time the same.
    private readonly Lazy<string> _decoyHash = new(() => hasher.HashPassword(Account.Instance, Guid.NewGuid().ToString()));

    public async Task<TokenResponse?> AttemptAsync(string userName, string password, CancellationToken ct)
    {
        UserStore.Credentials? user;
        await using (var read = await db.OpenAsync(ct))
        {
            user = await UserStore.CredentialsAsync(read, userName);
        }

        var now = clock.UtcNow;
        if (user is null || !user.IsActive || user.LockedUntil > now)
        {
            hasher.VerifyHashedPassword(Account.Instance, user?.PasswordHash ?? _decoyHash.Value, password);
            var why = user is null ? "unknown user" : !user.IsActive ? "inactive account" : $"locked until {user.LockedUntil:O}";
            await RecordAsync(user?.Id, userName, "failed", why, ct);
            return null;
        }

        var verdict = hasher.VerifyHashedPassword(Account.Instance, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            await RecordFailureAsync(user, now, ct);
            return null;
        }

        await using var session = await db.BeginAsync(ct);
        await UserStore.SignedInAsync(session, user.Id, verdict == PasswordVerificationResult.SuccessRehashNeeded ? hasher.HashPassword(Account.Instance, password) : null);
        var roles = await UserStore.RolesAsync(session, user.Id);
        await audit.WriteAsync(session, new AuditEntry("signIn", "user", user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), AuditLog.Ok, null, user.Id, user.UserName));
        await session.CommitAsync();
        return tokens.Issue(new TokenSubject(user.Id, user.UserName, roles, user.UnitId, user.SecurityStamp));
    }

    private async Task RecordFailureAsync(UserStore.Credentials user, DateTime now, CancellationToken ct)
    {
        await using var session = await db.BeginAsync(ct);
        var lockedUntil = await UserStore.FailedSignInAsync(session, user.Id, options.Value.MaxFailedSignIns, now.AddMinutes(options.Value.LockoutMinutes));
        var detail = lockedUntil > now ? $"wrong password; locked until {lockedUntil:O}" : "wrong password";
        await audit.WriteAsync(session, new AuditEntry("signIn", "user", user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "failed", detail, user.Id, user.UserName));
        await session.CommitAsync();
    }

    private async Task RecordAsync(long? userId, string userName, string result, string detail, CancellationToken ct)
    {
        await using var session = await db.BeginAsync(ct);
        await audit.WriteAsync(session, new AuditEntry("signIn", "user", userId?.ToString(System.Globalization.CultureInfo.InvariantCulture), result, detail, userId, userName.Length > 64 ? userName[..64] : userName));
        await session.CommitAsync();
    }
}
