using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Api.Features.Auth;
using Pipeline.Api.Tests.Infrastructure;

namespace Pipeline.Api.Tests.Features.Auth;

public class AuthTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task Token_RightPassword_ReturnsBearerTokenThatOpensMe()
    {
        var unit = await _api.CreateUnitAsync();
        var user = await _api.CreateUserAsync(unit.Id, "staff");

        var response = await _api.Anonymous().PostAsJsonAsync("/api/auth/token", new { user.UserName, user.Password });
        var token = await response.As<TokenResponse>();
        var me = await _api.Bearer(token.AccessToken).GetFromJsonAsync<AuthEndpoints.MeResponse>("/api/me", HttpAssertions.Json);

        Assert.Equal("Bearer", token.TokenType);
        Assert.Equal(8 * 3600, token.ExpiresIn);
        Assert.Equal(user.Id, me!.Id);
        Assert.Equal(["staff"], me.Roles);
        Assert.Equal(unit.Id, me.UnitId);
        Assert.False(me.MustChangePassword);
    }

    [Fact]
    public async Task Me_ConfiguredAdminPassword_NoChangeAsked()
    {
        var me = await (await (await _api.AdminAsync()).GetAsync("/api/me")).As<AuthEndpoints.MeResponse>();

        Assert.False(me.MustChangePassword);
    }

    [Fact]
    public async Task Token_UserNameInOtherCase_SignsInAsThatUser()
    {
        var user = await _api.CreateUserAsync(null, "leader");

        var response = await _api.Anonymous().PostAsJsonAsync("/api/auth/token", new { userName = user.UserName.ToUpperInvariant(), user.Password });
        var me = await _api.Bearer((await response.As<TokenResponse>()).AccessToken).GetFromJsonAsync<AuthEndpoints.MeResponse>("/api/me", HttpAssertions.Json);

        Assert.Equal(user.Id, me!.Id);
    }

    [Fact]
    public async Task Token_WrongPasswordOrUnknownUser_Same401Message()
    {
        var user = await _api.CreateUserAsync(null, "leader");

        var wrongPassword = await (await _api.Anonymous().PostAsJsonAsync("/api/auth/token", new { user.UserName, password = "Wrong-Pass-1" }))
            .Problem(HttpStatusCode.Unauthorized);
        var unknownUser = await (await _api.Anonymous().PostAsJsonAsync("/api/auth/token", new { userName = TestApi.Unique("nobody"), password = "Wrong-Pass-1" }))
            .Problem(HttpStatusCode.Unauthorized);

        Assert.Equal("用户名或密码错误，或账号因连续登录失败被暂时锁定。", wrongPassword.Detail);
        Assert.Equal(wrongPassword.Detail, unknownUser.Detail);
    }

    [Fact]
    public async Task Token_FiveFailuresInARow_LockTheAccountFor15MinutesWithTheSameMessage()
    {
        var user = await _api.CreateUserAsync(null, "leader");
        var anonymous = _api.Anonymous();
        for (var i = 0; i < 5; i++)
        {
            await (await anonymous.PostAsJsonAsync("/api/auth/token", new { user.UserName, password = "Wrong-Pass-1" })).Expect(HttpStatusCode.Unauthorized);
        }

        var locked = await (await anonymous.PostAsJsonAsync("/api/auth/token", new { user.UserName, user.Password })).Problem(HttpStatusCode.Unauthorized);
        factory.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        var afterLockout = await anonymous.PostAsJsonAsync("/api/auth/token", new { user.UserName, user.Password });

        Assert.Equal("用户名或密码错误，或账号因连续登录失败被暂时锁定。", locked.Detail);
        await afterLockout.Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Token_FourFailuresThenSuccess_CounterStartsAgain()
    {
        var user = await _api.CreateUserAsync(null, "leader");
        var anonymous = _api.Anonymous();
        for (var i = 0; i < 4; i++)
        {
            await (await anonymous.PostAsJsonAsync("/api/auth/token", new { user.UserName, password = "Wrong-Pass-1" })).Expect(HttpStatusCode.Unauthorized);
        }

        await (await anonymous.PostAsJsonAsync("/api/auth/token", new { user.UserName, user.Password })).Expect(HttpStatusCode.OK);
        await (await anonymous.PostAsJsonAsync("/api/auth/token", new { user.UserName, password = "Wrong-Pass-1" })).Expect(HttpStatusCode.Unauthorized);

        await (await anonymous.PostAsJsonAsync("/api/auth/token", new { user.UserName, user.Password })).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Token_FailedAttempt_AuditedWithUserNameAndResult()
    {
        var user = await _api.CreateUserAsync(null, "leader");
        await _api.Anonymous().PostAsJsonAsync("/api/auth/token", new { user.UserName, password = "Wrong-Pass-1" });

        var audit = await (await _api.AuditorAsync()).GetFromJsonAsync<AuditPage>($"/api/audit?entity=user&entityId={user.Id}&action=signIn", HttpAssertions.Json);

        var failed = Assert.Single(audit!.Items, a => a.Result == "failed");
        Assert.Equal(user.UserName, failed.UserName);
        Assert.Equal("wrong password", failed.Detail);
        Assert.Contains(audit.Items, a => a.Result == "ok");
    }

    [Fact]
    public async Task Token_MissingFields_Returns400NamingThem()
    {
        var problem = await (await _api.Anonymous().PostAsJsonAsync("/api/auth/token", new { userName = "admin" })).Problem(HttpStatusCode.BadRequest);

        Assert.True(problem.HasError("password"));
    }

    [Fact]
    public async Task Me_WithoutToken_Returns401Problem()
    {
        var problem = await (await _api.Anonymous().GetAsync("/api/me")).Problem(HttpStatusCode.Unauthorized);

        Assert.Contains("POST /api/auth/token", problem.Detail);
    }

    [Fact]
    public async Task Me_TokenAcceptedEarlierThenOlderThanItsLifetime_Returns401()
    {
        var user = await _api.CreateUserAsync(null, "auditor");
        await (await user.Client.GetAsync("/api/me")).Expect(HttpStatusCode.OK);
        factory.Clock.Advance(TimeSpan.FromHours(8) + TimeSpan.FromMinutes(1));

        var problem = await (await user.Client.GetAsync("/api/me")).Problem(HttpStatusCode.Unauthorized);

        Assert.Contains("登录已过期", problem.Detail);
    }

    [Fact]
    public async Task Me_TokenSignedWithAnotherKey_Returns401()
    {
        var handler = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler();
        var forged = handler.CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = TokenIssuer.Issuer,
            Audience = TokenIssuer.Audience,
            Claims = new Dictionary<string, object> { ["sub"] = "1", ["name"] = "admin", ["role"] = new[] { "admin" } },
            SigningCredentials = new(new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(new byte[32]), "HS256"),
        });

        await (await _api.Bearer(forged).GetAsync("/api/me")).Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ChangePassword_RightCurrentPassword_OldTokenRevokedAndNewPasswordWorks()
    {
        var user = await _api.CreateUserAsync(null, "leader");

        var response = await user.Client.PostAsJsonAsync("/api/me/password", new { currentPassword = user.Password, newPassword = "Brand-New-Pass-9" });
        var fresh = await response.As<TokenResponse>();

        await (await user.Client.GetAsync("/api/me")).Expect(HttpStatusCode.Unauthorized);
        await (await _api.Bearer(fresh.AccessToken).GetAsync("/api/me")).Expect(HttpStatusCode.OK);
        await (await _api.Anonymous().PostAsJsonAsync("/api/auth/token", new { user.UserName, password = "Brand-New-Pass-9" })).Expect(HttpStatusCode.OK);
        await (await _api.Anonymous().PostAsJsonAsync("/api/auth/token", new { user.UserName, user.Password })).Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ChangePassword_WrongCurrentPassword_Returns400AndKeepsPassword()
    {
        var user = await _api.CreateUserAsync(null, "leader");

        var problem = await (await user.Client.PostAsJsonAsync("/api/me/password", new { currentPassword = "Not-Mine-123", newPassword = "Brand-New-Pass-9" }))
            .Problem(HttpStatusCode.BadRequest);

        Assert.True(problem.HasError("currentPassword"));
        await (await _api.Anonymous().PostAsJsonAsync("/api/auth/token", new { user.UserName, user.Password })).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ChangePassword_WeakNewPassword_Returns400WithPolicy()
    {
        var user = await _api.CreateUserAsync(null, "leader");

        var problem = await (await user.Client.PostAsJsonAsync("/api/me/password", new { currentPassword = user.Password, newPassword = "password" }))
            .Problem(HttpStatusCode.BadRequest);

        Assert.Contains("三类", problem.Error("newPassword"));
    }

    [Fact]
    public async Task AnyEndpoint_WithoutToken_Returns401UnlessOnTheAllowList()
    {
        var allowList = new[] { "/api/auth/token", "/healthz", "/readyz" };
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is not null)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method => (method, e.RoutePattern.RawText!)))
            .ToList();
        Assert.True(endpoints.Count > 20, "the endpoint list should cover the whole API");

        foreach (var (method, pattern) in endpoints)
        {
            var path = System.Text.RegularExpressions.Regex.Replace(pattern, "{[^}]+}", "1");
            var response = await _api.Anonymous().SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
            {
                Content = method is "GET" ? null : JsonContent.Create(new { }),
            });
            if (allowList.Contains(pattern))
            {
                Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {pattern} answered {response.StatusCode} without a token");
            }
        }
    }

    [Fact]
    public async Task Health_WithoutToken_LiveAndReady()
    {
        await (await _api.Anonymous().GetAsync("/healthz")).Expect(HttpStatusCode.OK);
        Assert.Equal("Healthy", await _api.Anonymous().GetStringAsync("/readyz"));
    }

    private sealed record AuditPage(List<AuditItem> Items, long Total);

    private sealed record AuditItem(long Id, long? UserId, string? UserName, string Action, string Entity, string? EntityId, string Result, string? ClientIp, string? Detail);
}

public class TokenRateLimitTests(TokenRateLimitTests.Factory factory) : IClassFixture<TokenRateLimitTests.Factory>
{
    public sealed class Factory : PipelineFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
            [new("Pipeline:Auth:TokenRequestsPerWindow", "3"), new("Pipeline:Auth:TokenRequestWindowSeconds", "60")];
    }

    [Fact]
    public async Task Token_MoreRequestsThanTheLimit_Returns429WithRetryAfter()
    {
        var client = factory.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            await (await client.PostAsJsonAsync("/api/auth/token", new { userName = "admin", password = "Wrong-Pass-1" })).Expect(HttpStatusCode.Unauthorized);
        }

        var limited = await client.PostAsJsonAsync("/api/auth/token", new { userName = "admin", password = PipelineFactory.AdminPassword });

        var problem = await limited.Problem(HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After should say how long to wait");
        Assert.Contains("秒", problem.Detail);
    }
}
