namespace Pipeline.Api.Features.Auth;

/// <summary>
/// <c>Pipeline:Auth</c>: token signing, lifetime, lock-out and the token endpoint's rate limit. The session, lock-out and
/// password values are where the security settings start; the security administrator changes them at run time, and the code
/// reads them through <see cref="Security.SecuritySettings"/>, never from here.
/// </summary>
public sealed class AuthOptions : Hosting.ISettings
{
    public static string Section => "Pipeline:Auth";

    /// <summary>HMAC key for tokens (at least 32 characters). When empty, one is generated once and kept in <c>data/signing.key</c>.</summary>
    public string? SigningKey { get; set; }

    /// <summary>A token's lifetime, and so a session's absolute lifetime from sign-in (there is no refresh).</summary>
    public int TokenLifetimeMinutes { get; set; } = 480;

    /// <summary>A session unused this long ends (等保: 登录连接超时自动退出).</summary>
    public int IdleTimeoutMinutes { get; set; } = 30;

    /// <summary>Failures in a row, per account and client address, that lock that pair.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>The first lock-out; each further one in a row doubles it.</summary>
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>The longest a lock-out grows to.</summary>
    public int LockoutMaxMinutes { get; set; } = 1440;

    /// <summary>Days a password lasts before its user must choose a new one; 0: it never expires.</summary>
    public int PasswordExpiryDays { get; set; } = 90;

    /// <summary>How many earlier passwords a new one must differ from (the current one counts); 0: no history.</summary>
    public int PasswordHistory { get; set; } = 5;

    /// <summary>Token requests allowed per client address per window before 429.</summary>
    public int TokenRequestsPerWindow { get; set; } = 10;

    public int TokenRequestWindowSeconds { get; set; } = 60;

    /// <summary>PBKDF2 (HMAC-SHA512) iterations of the framework's password hasher.</summary>
    public int PasswordHashIterations { get; set; } = 100_000;

    public IEnumerable<string> Problems()
    {
        foreach (var (name, value) in new[]
                 {
                     (nameof(TokenLifetimeMinutes), TokenLifetimeMinutes), (nameof(MaxFailedSignIns), MaxFailedSignIns), (nameof(LockoutMinutes), LockoutMinutes),
                     (nameof(IdleTimeoutMinutes), IdleTimeoutMinutes), (nameof(LockoutMaxMinutes), LockoutMaxMinutes),
                     (nameof(TokenRequestsPerWindow), TokenRequestsPerWindow), (nameof(TokenRequestWindowSeconds), TokenRequestWindowSeconds),
                     (nameof(PasswordHashIterations), PasswordHashIterations),
                 }.Where(s => s.Item2 < 1))
        {
            yield return $"{Section}:{name} must be at least 1 (it is {value}).";
        }

        foreach (var (name, value) in new[] { (nameof(PasswordExpiryDays), PasswordExpiryDays), (nameof(PasswordHistory), PasswordHistory) }.Where(s => s.Item2 < 0))
        {
            yield return $"{Section}:{name} must not be negative (it is {value}).";
        }

        if (SigningKey is { Length: > 0 } key && key.Length < Auth.SigningKey.MinimumLength)
        {
            yield return $"{Section}:SigningKey must have at least {Auth.SigningKey.MinimumLength} characters (it has {SigningKey.Length}); generate one with 'openssl rand -base64 48'.";
        }
    }
}

/// <summary><c>Pipeline:Bootstrap</c>: the first admin, created when the database has no user.</summary>
public sealed class BootstrapOptions
{
    public const string Section = "Pipeline:Bootstrap";

    public string AdminUserName { get; set; } = "admin";

    public string? AdminPassword { get; set; }
}
