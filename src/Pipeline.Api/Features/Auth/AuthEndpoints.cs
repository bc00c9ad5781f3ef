using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Pipeline.Api.Data;
using Pipeline.Api.Features.Audit;
using Pipeline.Api.Features.Users;
using Pipeline.Api.Hosting;
using Pipeline.Domain.Accounts;

namespace Pipeline.Api.Features.Auth;

public static class AuthEndpoints
{
    public const string TokenRateLimit = "token";

    public static void MapAuth(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/auth/token", Token)
            .AllowAnonymous()
            .RequireRateLimiting(TokenRateLimit)
            .WithTags("Sign-in");

        var me = app.MapGroup("/api/me").WithTags("Sign-in");
        me.MapGet("", Me);
        me.MapPost("/password", ChangePassword);
    }

    public sealed record TokenRequest(string? UserName, string? Password);

    /// <summary>The signed-in user; <c>MustChangePassword</c> while the first admin still has the password generated at start-up.</summary>
    public sealed record MeResponse(long Id, string UserName, string DisplayName, IReadOnlyList<string> Roles, long? UnitId, bool MustChangePassword);

    public sealed record PasswordChange(string? CurrentPassword, string? NewPassword);

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Token(TokenRequest request, SignIn signIn, CancellationToken ct)
    {
        var checks = new Checks().Required("userName", request.UserName).Required("password", request.Password);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        var token = await signIn.AttemptAsync(request.UserName!.Trim(), request.Password!, ct);
        return token is null
            ? Problems.Problem(StatusCodes.Status401Unauthorized, "Sign-in failed.", SignIn.FailureMessage)
            : TypedResults.Ok(token);
    }

    private static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> Me(Caller caller, Db db, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var user = await UserStore.FindAsync(session, caller.Id);
        var mustChange = await session.ExecuteScalarAsync<bool>("SELECT must_change_password FROM users WHERE id = @Id", new { caller.Id });
        return user is null
            ? Problems.NotFound("Your account no longer exists.")
            : TypedResults.Ok(new MeResponse(user.Id, user.UserName, user.DisplayName, user.Roles, user.UnitId, mustChange));
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> ChangePassword(
        PasswordChange request, Caller caller, Db db, IPasswordHasher<Account> hasher, AuditLog audit,
        UserStamps stamps, TokenIssuer tokens, BusinessClock clock, CancellationToken ct)
    {
        var checks = new Checks().Required("currentPassword", request.CurrentPassword).Required("newPassword", request.NewPassword);
        if (request.NewPassword is { } next && PasswordPolicy.Problem(next) is { } weak)
        {
            checks.Add("newPassword", weak);
        }

        if (!checks.Ok)
        {
            return checks.Problem();
        }

        await using var session = await db.BeginAsync(ct);
        var hash = await session.ExecuteScalarAsync<string>("SELECT password_hash FROM users WHERE id = @Id", new { caller.Id });
        if (hash is null || hasher.VerifyHashedPassword(Account.Instance, hash, request.CurrentPassword!) == PasswordVerificationResult.Failed)
        {
            return Problems.Invalid("currentPassword", "This is not your current password.");
        }

        var stamp = UserStamps.NewStamp();
        await session.ExecuteAsync("""
            UPDATE users SET password_hash = @Hash, security_stamp = @stamp, must_change_password = 0, updated_at = @Now, version = version + 1
            WHERE id = @Id
            """, new { caller.Id, Hash = hasher.HashPassword(Account.Instance, request.NewPassword!), stamp, Now = clock.UtcNow });
        await audit.WriteAsync(session, "changePassword", "user", caller.Id);
        var user = await UserStore.FindAsync(session, caller.Id);
        await session.CommitAsync();
        stamps.Forget(caller.Id);

        // The old token's stamp is gone; hand back a fresh one so the client stays signed in.
        return TypedResults.Ok(tokens.Issue(new TokenSubject(caller.Id, user!.UserName, user.Roles, user.UnitId, stamp)));
    }
}
