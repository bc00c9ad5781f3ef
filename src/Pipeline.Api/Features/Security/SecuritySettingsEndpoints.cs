namespace Pipeline.Api.Features.Security;

/// <summary>Where the values in effect come from: configuration (<c>Pipeline:Auth</c>) until the security administrator saves them.</summary>
public enum SecuritySettingsSource
{
    Configuration,
    Saved,
}

/// <summary>The security settings in effect, where they come from, who saved them and when, and what configuration says.</summary>
public sealed record SecuritySettingsDto(
    int IdleTimeoutMinutes, int SessionLifetimeMinutes, int MaxFailedSignIns, int LockoutMinutes, int LockoutMaxMinutes, int PasswordExpiryDays,
    int PasswordHistory, SecuritySettingsSource Source, DateTime? UpdatedAt, long? UpdatedById, string? UpdatedBy, SecurityPolicy Configured, int Version)
    : IVersioned;

/// <summary>Every security setting, all at once (a PUT replaces them all).</summary>
public sealed record SecuritySettingsInput(
    int? IdleTimeoutMinutes, int? SessionLifetimeMinutes, int? MaxFailedSignIns, int? LockoutMinutes, int? LockoutMaxMinutes, int? PasswordExpiryDays,
    int? PasswordHistory) : ICheckedRequest
{
    /// <summary>The ranges a value may take; a session's lifetime is at least its idle timeout, the longest lock-out at least the first.</summary>
    public static class Limits
    {
        public const int IdleMin = 5, IdleMax = 240;
        public const int LifetimeMin = IdleMin, LifetimeMax = 1440;
        public const int FailuresMin = 3, FailuresMax = 10;
        public const int LockoutMin = 1, LockoutMax = 1440;
        public const int ExpiryMin = 30, ExpiryMax = 365;
        public const int HistoryMin = 0, HistoryMax = 24;
    }

    public void Check(Checks checks, DateOnly today)
    {
        var idle = Range(checks, "idleTimeoutMinutes", IdleTimeoutMinutes, Limits.IdleMin, Limits.IdleMax);
        var lifetime = Range(checks, "sessionLifetimeMinutes", SessionLifetimeMinutes, Limits.LifetimeMin, Limits.LifetimeMax);
        checks.When(idle && lifetime && SessionLifetimeMinutes < IdleTimeoutMinutes, "sessionLifetimeMinutes",
            Words.Format(Messages.SessionLifetimeBelowIdle, IdleTimeoutMinutes ?? 0));
        Range(checks, "maxFailedSignIns", MaxFailedSignIns, Limits.FailuresMin, Limits.FailuresMax);
        var first = Range(checks, "lockoutMinutes", LockoutMinutes, Limits.LockoutMin, Limits.LockoutMax);
        var longest = Range(checks, "lockoutMaxMinutes", LockoutMaxMinutes, Limits.LockoutMin, Limits.LockoutMax);
        checks.When(first && longest && LockoutMaxMinutes < LockoutMinutes, "lockoutMaxMinutes", Words.Format(Messages.LockoutMaxBelowFirst, LockoutMinutes ?? 0));
        checks.Required("passwordExpiryDays", PasswordExpiryDays)
            .When(PasswordExpiryDays is { } days && days != 0 && days is < Limits.ExpiryMin or > Limits.ExpiryMax, "passwordExpiryDays",
                Words.Format(Messages.PasswordExpiryRange, Limits.ExpiryMin, Limits.ExpiryMax));
        Range(checks, "passwordHistory", PasswordHistory, Limits.HistoryMin, Limits.HistoryMax);
    }

    /// <summary>The values, once <see cref="Check"/> has passed.</summary>
    public SecurityPolicy Values => new(
        IdleTimeoutMinutes!.Value, SessionLifetimeMinutes!.Value, MaxFailedSignIns!.Value, LockoutMinutes!.Value, LockoutMaxMinutes!.Value,
        PasswordExpiryDays!.Value, PasswordHistory!.Value);

    /// <summary>Whether the value is there and within [<paramref name="min"/>, <paramref name="max"/>]; adds the field's error when not.</summary>
    private static bool Range(Checks checks, string field, int? value, int min, int max)
    {
        if (value is null)
        {
            checks.Add(field, Messages.Required);
            return false;
        }

        if (value < min || value > max)
        {
            checks.Add(field, Words.Format(Messages.SecuritySettingRange, min, max));
            return false;
        }

        return true;
    }
}

/// <summary>
/// The security settings (安全设置): idle timeout, session lifetime, lock-out and password rules, read and changed by the
/// security administrator alone (三员分立); every change audited with its old and new values.
/// </summary>
public static class SecuritySettingsEndpoints
{
    public static void AddSecuritySettings(this WebApplicationBuilder builder) => builder.Services.AddSingleton<SecuritySettings>();

    public static void MapSecuritySettings(this RouteGroupBuilder api)
    {
        var settings = api.MapGroup("/security-settings").WithTags("Security").RequireAuthorization(Policies.Security);
        settings.MapGet("", Get).WithSummary("查看安全设置");
        settings.MapPut("", Put).WithSummary("修改安全设置");
    }

    private static async Task<Ok<SecuritySettingsDto>> Get(SecuritySettings settings, [AsParameters] ApiContext ctx, HttpResponse response)
    {
        await using var session = await ctx.Db.OpenAsync(ctx.Ct);
        var dto = ToDto(settings, await SecuritySettings.ReadAsync(session));
        ETags.Set(response, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Results<Ok<SecuritySettingsDto>, ProblemHttpResult>> Put(
        SecuritySettingsInput request, IfMatch ifMatch, SecuritySettings settings, [AsParameters] ApiContext ctx, HttpResponse response)
    {
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        var current = await SecuritySettings.ReadAsync(session);
        var before = settings.Effective(current);
        var after = request.Values;
        if (current is null || !await SecuritySettings.SaveAsync(session, ifMatch.Version, after, ctx.Caller.Id, ctx.Clock.UtcNow))
        {
            return Problems.PreconditionFailed(current?.Version ?? 0);
        }

        await ctx.Audit.WriteAsync(session, "update", "securitySettings", null, AuditLog.Changes(before, after, []));
        var saved = ToDto(settings, await SecuritySettings.ReadAsync(session));
        return await Responses.CommitOkAsync(session, response, saved);
    }

    private static SecuritySettingsDto ToDto(SecuritySettings settings, StoredSecuritySettings? stored)
    {
        var effective = settings.Effective(stored);
        return new SecuritySettingsDto(
            effective.IdleTimeoutMinutes, effective.SessionLifetimeMinutes, effective.MaxFailedSignIns, effective.LockoutMinutes, effective.LockoutMaxMinutes,
            effective.PasswordExpiryDays, effective.PasswordHistory,
            stored?.UpdatedAt is null ? SecuritySettingsSource.Configuration : SecuritySettingsSource.Saved,
            stored?.UpdatedAt, stored?.UpdatedBy, stored?.UpdatedByName, settings.Configured, stored?.Version ?? 0);
    }
}
