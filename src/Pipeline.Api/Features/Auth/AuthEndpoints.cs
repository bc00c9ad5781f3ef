using Microsoft.AspNetCore.Identity;
using Pipeline.Api.Features.Security;
using Pipeline.Api.Features.Users;
using Pipeline.Domain.Accounts;

namespace Pipeline.Api.Features.Auth;

/// <summary>Sign-in: bearer tokens for local accounts, the caller's own account, and changing one's password.</summary>
public static class AuthEndpoints
{
    public const string TokenRateLimit = "token";

    public static void AddAuth(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSettings<AuthOptions>();
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.Section);
        services.AddOptions<PasswordHasherOptions>().Configure<IOptions<AuthOptions>>((o, auth) => o.IterationCount = auth.Value.PasswordHashIterations);
        services.AddSingleton<IPasswordHasher<Account>, PasswordHasher<Account>>();
        services.AddSingleton<SigningKey>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<UserStamps>();
        services.AddSingleton<DecoyHash>();
        services.AddSingleton<Sessions>();
        services.AddMemoryCache();
        services.AddScoped<SignIn>();
        services.AddScoped<BootstrapAdmin>();
    }

    public static void MapAuth(this RouteGroupBuilder api)
    {
        api.MapPost("/auth/token", Token).WithSummary("登录，获取访问令牌")
            .AllowAnonymous()
            .RequireRateLimiting(TokenRateLimit)
            .WithTags("Sign-in");

        var me = api.MapGroup("/me").WithTags("Sign-in");
        me.MapGet("", Me).WithSummary("当前登录用户");
        me.MapPost("/password", ChangePassword).WithSummary("修改我的密码");
    }

    public sealed record TokenRequest(string? UserName, string? Password) : ICheckedRequest
    {
        public void Check(Checks checks, DateOnly today) => checks.Required("userName", UserName).Required("password", Password);
    }

    /// <summary>The signed-in user; <c>MustChangePassword</c> while the first admin still has the password generated at start-up, or a password has expired.</summary>
    public sealed record MeResponse(long Id, string UserName, string DisplayName, IReadOnlyList<string> Roles, long? UnitId, bool MustChangePassword);

    public sealed record PasswordChange(string? CurrentPassword, string? NewPassword) : ICheckedRequest
    {
        public void Check(Checks checks, DateOnly today)
        {
            checks.Required("currentPassword", CurrentPassword).Required("newPassword", NewPassword);
            if (NewPassword is { } next && PasswordPolicy.Problem(next) is { } weak)
            {
                checks.Add("newPassword", weak);
            }
        }
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Token(TokenRequest request, SignIn signIn, CancellationToken ct)
    {
        var token = await signIn.AttemptAsync(request.UserName!.Trim(), request.Password!, ct);
        return token is null
            ? Problems.Problem(StatusCodes.Status401Unauthorized, Messages.TitleSignInFailed, Messages.SignInFailed)
            : TypedResults.Ok(token);
    }

    private static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> Me(Caller caller, Db db, BusinessClock clock, SecuritySettings settings, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var user = await UserStore.FindAsync(session, caller.Id);
        return user is null
            ? Problems.NotFound(Messages.AccountGone)
            : TypedResults.Ok(new MeResponse(user.Id, user.UserName, user.DisplayName, user.Roles, user.UnitId,
                await UserStore.MustChangePasswordAsync(session, user.Id, clock.UtcNow, settings)));
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> ChangePassword(
        PasswordChange request, Caller caller, Db db, IPasswordHasher<Account> hasher, AuditLog audit,
        UserStamps stamps, TokenIssuer tokens, BusinessClock clock, SecuritySettings settings, HttpContext context, CancellationToken ct)
    {
        await using var session = await db.BeginAsync(ct);
        var hash = await UserStore.PasswordHashAsync(session, caller.Id);
        if (hash is null || hasher.VerifyHashedPassword(Account.Instance, hash, request.CurrentPassword!) == PasswordVerificationResult.Failed)
        {
            return Problems.Invalid("currentPassword", Messages.NotCurrentPassword);
        }

        var policy = await settings.CurrentAsync(session);
        var history = policy.PasswordHistory;
        foreach (var earlier in await UserStore.RecentPasswordsAsync(session, caller.Id, history))
        {
            if (hasher.VerifyHashedPassword(Account.Instance, earlier, request.NewPassword!) != PasswordVerificationResult.Failed)
            {
                return Problems.Invalid("newPassword", Words.Format(Messages.PasswordReused, history));
            }
        }

        var stamp = UserStamps.NewStamp();
        await UserStore.SetPasswordAsync(session, caller.Id, hasher.HashPassword(Account.Instance, request.NewPassword!), stamp, clock.UtcNow);
        await audit.WriteAsync(session, "changePassword", "user", caller.Id);
        var user = await UserStore.FindAsync(session, caller.Id);
        var sessionId = context.User.FindFirst(Caller.SessionClaim)!.Value;
        var started = await Sessions.StartedAsync(session, sessionId) ?? clock.UtcNow;
        await session.CommitAsync();
        stamps.Forget(caller.Id);

        // The old token's stamp is gone; hand back a fresh one, in the same session, so the client stays signed in.
        return TypedResults.Ok(tokens.Issue(new TokenSubject(caller.Id, user!.UserName, user.Roles, user.UnitId, stamp, sessionId), started, policy));
    }
}
