using Pipeline.Api.Features.Auth;

namespace Pipeline.Api.Features.Security;

/// <summary>The security settings in effect: what sign-in, lock-out, the session check and passwords go by.</summary>
public sealed record SecurityPolicy(
    int IdleTimeoutMinutes, int SessionLifetimeMinutes, int MaxFailedSignIns, int LockoutMinutes, int LockoutMaxMinutes, int PasswordExpiryDays,
    int PasswordHistory);

/// <summary>The <c>security_settings</c> row as stored: each value NULL until the security administrator first saves them.</summary>
public sealed class StoredSecuritySettings
{
    public int? IdleTimeoutMinutes { get; init; }

    public int? SessionLifetimeMinutes { get; init; }

    public int? MaxFailedSignIns { get; init; }

    public int? LockoutMinutes { get; init; }

    public int? LockoutMaxMinutes { get; init; }

    public int? PasswordExpiryDays { get; init; }

    public int? PasswordHistory { get; init; }

    public int Version { get; init; }

    public DateTime? UpdatedAt { get; init; }

    public long? UpdatedBy { get; init; }

    public string? UpdatedByName { get; init; }
}

/// <summary>
/// The one place the security settings are read from: the row the security administrator saved
/// (<c>PUT /api/security-settings</c>), each value falling back to <c>Pipeline:Auth</c> (<see cref="AuthOptions"/>) while it
/// has not been saved. The database is the only copy, so every instance goes by the same values at once. Sign-in and a
/// password change read the row (<see cref="CurrentAsync"/>); the per-request session check and <c>/api/me</c> fold its
/// columns into the statement they run anyway (<see cref="Join"/>) and resolve them here, so no request pays a round trip
/// for it.
/// </summary>
public sealed class SecuritySettings(IOptions<AuthOptions> options)
{
    /// <summary>The row, for a statement that reads it alongside its own table, as <c>ss</c>.</summary>
    public const string Join = "LEFT JOIN security_settings ss ON ss.id = 1";

    /// <summary>What configuration says (<c>Pipeline:Auth</c>), in effect for each value not saved.</summary>
    public SecurityPolicy Configured
    {
        get
        {
            var o = options.Value;
            return new SecurityPolicy(o.IdleTimeoutMinutes, o.TokenLifetimeMinutes, o.MaxFailedSignIns, o.LockoutMinutes, o.LockoutMaxMinutes,
                o.PasswordExpiryDays, o.PasswordHistory);
        }
    }

    /// <summary>The values in effect now, read in <paramref name="session"/>.</summary>
    public async Task<SecurityPolicy> CurrentAsync(DbSession session) => Effective(await ReadAsync(session));

    public SecurityPolicy Effective(StoredSecuritySettings? stored)
    {
        var c = Configured;
        return new SecurityPolicy(
            stored?.IdleTimeoutMinutes ?? c.IdleTimeoutMinutes, stored?.SessionLifetimeMinutes ?? c.SessionLifetimeMinutes,
            stored?.MaxFailedSignIns ?? c.MaxFailedSignIns, stored?.LockoutMinutes ?? c.LockoutMinutes, stored?.LockoutMaxMinutes ?? c.LockoutMaxMinutes,
            stored?.PasswordExpiryDays ?? c.PasswordExpiryDays, stored?.PasswordHistory ?? c.PasswordHistory);
    }

    /// <summary>The idle timeout and the absolute lifetime of a session, from the columns a statement read through <see cref="Join"/>.</summary>
    public (TimeSpan Idle, TimeSpan Lifetime) SessionLimits(int? idleTimeoutMinutes, int? sessionLifetimeMinutes)
    {
        var o = options.Value;
        return (TimeSpan.FromMinutes(idleTimeoutMinutes ?? o.IdleTimeoutMinutes), TimeSpan.FromMinutes(sessionLifetimeMinutes ?? o.TokenLifetimeMinutes));
    }

    /// <summary>Days a password lasts (0: for ever), from the column a statement read through <see cref="Join"/>.</summary>
    public int PasswordExpiryDays(int? stored) => stored ?? options.Value.PasswordExpiryDays;

    /// <summary>The row with the name of whoever saved it last; null only on a database that lost it.</summary>
    public static Task<StoredSecuritySettings?> ReadAsync(DbSession session) =>
        session.QuerySingleOrDefaultAsync<StoredSecuritySettings>("""
            SELECT ss.idle_timeout_minutes, ss.session_lifetime_minutes, ss.max_failed_sign_ins, ss.lockout_minutes, ss.lockout_max_minutes,
                   ss.password_expiry_days, ss.password_history, ss.version, ss.updated_at, ss.updated_by, u.user_name AS updated_by_name
            FROM security_settings ss LEFT JOIN users u ON u.id = ss.updated_by
            WHERE ss.id = 1
            """);

    /// <summary>Saves every value, if the row is still at <paramref name="version"/>; false when someone saved in between.</summary>
    public static async Task<bool> SaveAsync(DbSession session, int version, SecurityPolicy values, long by, DateTime now) =>
        await session.ExecuteAsync("""
            UPDATE security_settings
            SET idle_timeout_minutes = @IdleTimeoutMinutes, session_lifetime_minutes = @SessionLifetimeMinutes, max_failed_sign_ins = @MaxFailedSignIns,
                lockout_minutes = @LockoutMinutes, lockout_max_minutes = @LockoutMaxMinutes, password_expiry_days = @PasswordExpiryDays,
                password_history = @PasswordHistory, version = version + 1, updated_at = @now, updated_by = @by
            WHERE id = 1 AND version = @version
            """, new
        {
            values.IdleTimeoutMinutes, values.SessionLifetimeMinutes, values.MaxFailedSignIns, values.LockoutMinutes, values.LockoutMaxMinutes,
            values.PasswordExpiryDays, values.PasswordHistory, version, by, now,
        }) == 1;
}
