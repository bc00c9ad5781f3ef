using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.Tokens;
using Pipeline.Api.Features.Auth;

namespace Pipeline.Api.Hosting;

/// <summary>
/// Bearer tokens signed with the configured key; every endpoint needs a signed-in user unless it opts out
/// (token and health only); revoked tokens (changed password, roles, unit or deactivation) stop working at once.
/// </summary>
public static class AuthSetup
{
    public static void AddPipelineAuthentication(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<SigningKey, TimeProvider>((options, key, time) =>
            {
                options.MapInboundClaims = false;
                // Nothing reads the token back from the ticket; storing it cost every request a copy.
                options.SaveToken = false;
                options.TokenHandlers.Clear();
                options.TokenHandlers.Add(new ValidatedTokens(time) { MapInboundClaims = false });
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = TokenIssuer.Issuer,
                    ValidAudience = TokenIssuer.Audience,
                    IssuerSigningKey = key.Key,
                    NameClaimType = Caller.NameClaim,
                    RoleClaimType = Caller.RoleClaim,
                    // Instances keep their clocks in sync (NTP); a few seconds cover what remains.
                    ClockSkew = TimeSpan.FromSeconds(30),
                    RequireExpirationTime = true,
                    // The app's clock, not the machine's, so tests with a fake clock see tokens as the app does. A token without
                    // an expiry would be good for ever: refused.
                    LifetimeValidator = (notBefore, expires, _, parameters) =>
                    {
                        var now = time.GetUtcNow().UtcDateTime;
                        return (notBefore is null || notBefore <= now + parameters.ClockSkew)
                            && expires is not null && expires > now - parameters.ClockSkew;
                    },
                };
                options.Events = new JwtBearerEvents
                {
                    // A browser cannot send a bearer header to the dashboard: it opens /hangfire?access_token=… once, and a cookie limited to /hangfire carries the token after that.
                    OnMessageReceived = context =>
                    {
                        if (context.Request.Path.StartsWithSegments("/hangfire"))
                        {
                            context.Token = context.Request.Query["access_token"].FirstOrDefault()
                                ?? context.Request.Cookies[JobsSetup.DashboardCookie];
                        }

                        return Task.CompletedTask;
                    },
                    OnTokenValidated = async context =>
                    {
                        var bearer = ValidatedTokens.BearerOf(context.Principal!);
                        if (await RefusalOfAsync(context.HttpContext, bearer) is { } refusal)
                        {
                            context.Fail(refusal);
                            return;
                        }

                        Caller.Keep(context.HttpContext, context.Principal!, bearer.Caller!);
                        if (context.Request.Path.StartsWithSegments("/hangfire") && context.Request.Query["access_token"].FirstOrDefault() is { } token)
                        {
                            context.Response.Cookies.Append(JobsSetup.DashboardCookie, token, new Microsoft.AspNetCore.Http.CookieOptions
                            {
                                HttpOnly = true, Path = "/hangfire", SameSite = SameSiteMode.Strict, Secure = context.Request.IsHttps,
                            });
                        }
                    },
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        await WriteProblemAsync(context.HttpContext, StatusCodes.Status401Unauthorized, Messages.TitleSignInRequired,
                            context.AuthenticateFailure is null ? Messages.SignInHow : Messages.SignInExpired);
                    },
                    OnForbidden = context => WriteProblemAsync(context.HttpContext, StatusCodes.Status403Forbidden, Messages.TitleForbidden,
                        Policies.RequiredBy(context.HttpContext.GetEndpoint()) is { Count: > 0 } roles
                            ? Words.Format(Messages.NeedsRoles, Words.List(roles.Select(Pipeline.Domain.Accounts.Roles.DisplayName)))
                            : Messages.RoleNotAllowed),
                };
            });

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPipelinePolicies();

        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(AuthEndpoints.TokenRateLimit, context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = options.TokenRequestsPerWindow,
                        Window = TimeSpan.FromSeconds(options.TokenRequestWindowSeconds),
                        QueueLimit = 0,
                    });
            });
            limiter.OnRejected = async (context, _) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 60;
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await AuditRefusalAsync(context.HttpContext, new Features.Audit.AuditEntry(
                    "signIn", "user", null, "rateLimited", $"{SignIn.ClientAddress(context.HttpContext)} waits {retryAfter} s", null, null));
                await WriteProblemAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, Messages.TitleTooManySignIns,
                    Words.Format(Messages.WaitSeconds, retryAfter));
            };
        });
    }

    /// <summary>Why a well-signed token is refused (revoked, or its session ended), or null when it is good.</summary>
    private static async Task<string?> RefusalOfAsync(HttpContext context, ValidatedTokens.Bearer bearer)
    {
        var services = context.RequestServices;
        var ct = context.RequestAborted;
        try
        {
            if (bearer.Caller is not { } caller || !await services.GetRequiredService<UserStamps>().IsCurrentAsync(caller.Id, bearer.Stamp, ct))
            {
                return "The token was revoked.";
            }

            return await services.GetRequiredService<Sessions>().TouchAsync(bearer.Session, caller.Id, ct) ? null : "The session ended: idle for too long.";
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client left while its session was being checked: nothing went wrong, and the handler would otherwise
            // log the cancellation as an error with its stack trace.
            return "The request was aborted.";
        }
    }

    /// <summary>Refusals (403, 429) go into the audit trail, each in a transaction of its own.</summary>
    public static async Task AuditRefusalAsync(HttpContext context, Features.Audit.AuditEntry entry)
    {
        var services = context.RequestServices;
        await using var session = await services.GetRequiredService<Data.Db>().BeginAsync(context.RequestAborted);
        await services.GetRequiredService<Features.Audit.AuditLog>().WriteAsync(session, entry);
        await session.CommitAsync();
    }

    /// <summary>Every 403, whether a policy or a handler refused, is recorded with who asked for what.</summary>
    public static void UseRefusalAudit(this WebApplication app) => app.Use(async (context, next) =>
    {
        await next(context);
        if (context.Response.StatusCode == StatusCodes.Status403Forbidden)
        {
            var caller = Caller.Of(context);
            await AuditRefusalAsync(context, new Features.Audit.AuditEntry(
                "forbidden", "request", null, "refused", $"{context.Request.Method} {context.Request.Path}", caller?.Id, caller?.UserName));
        }
    });

    private static async Task WriteProblemAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
