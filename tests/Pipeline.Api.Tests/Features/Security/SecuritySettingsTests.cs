using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Pipeline.Api.Features.Audit;
using Pipeline.Api.Features.Security;
using Pipeline.Api.Hosting;
using Pipeline.Api.Tests.Infrastructure;

namespace Pipeline.Api.Tests.Features.Security;

/// <summary>
/// Reading the security settings and the refusals: none of these saves, so the configured values (the test host's
/// <c>Pipeline:Auth</c>: idle 480 minutes, the rest the defaults) are in effect throughout.
/// </summary>
public class SecuritySettingsTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task Get_SecurityAdminBeforeAnySave_ShowsTheConfiguredValues()
    {
        var security = await _api.CreateUserAsync(null, "securityAdmin");

        var response = await security.Client.GetAsync("/api/security-settings");
        var settings = await response.As<SecuritySettingsDto>();

        Assert.Equal(new SecurityPolicy(480, 480, 5, 15, 1440, 90, 5), Values(settings));
        Assert.Equal(Values(settings), settings.Configured);
        Assert.Equal(SecuritySettingsSource.Configuration, settings.Source);
        Assert.Null(settings.UpdatedAt);
        Assert.Null(settings.UpdatedBy);
        Assert.Equal(settings.Version, response.Version());
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("auditor")]
    [InlineData("staff")]
    public async Task GetAndPut_OtherRoles_Return403(string role)
    {
        var unit = await _api.CreateUnitAsync();
        var other = await _api.CreateUserAsync(role == "staff" ? unit.Id : null, role);

        var read = await other.Client.GetAsync("/api/security-settings");
        var write = await TestApi.SendAsync(other.Client, HttpMethod.Put, "/api/security-settings", Body(Valid), 1);

        Assert.Contains("安全管理员", (await read.Problem(HttpStatusCode.Forbidden)).Detail);
        await write.Expect(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("idleTimeoutMinutes", 4, "5 到 240")]
    [InlineData("idleTimeoutMinutes", 241, "5 到 240")]
    [InlineData("sessionLifetimeMinutes", 1441, "1440")]
    [InlineData("sessionLifetimeMinutes", 20, "空闲超时")]
    [InlineData("maxFailedSignIns", 2, "3 到 10")]
    [InlineData("maxFailedSignIns", 11, "3 到 10")]
    [InlineData("lockoutMinutes", 0, "1 到 1440")]
    [InlineData("lockoutMaxMinutes", 10, "首次锁定")]
    [InlineData("passwordExpiryDays", 7, "永不过期")]
    [InlineData("passwordExpiryDays", 366, "永不过期")]
    [InlineData("passwordHistory", -1, "0 到 24")]
    [InlineData("passwordHistory", 25, "0 到 24")]
    public async Task Put_ValueOutOfRange_Returns400NamingTheFieldAndChangesNothing(string field, int value, string message)
    {
        var security = await _api.CreateUserAsync(null, "securityAdmin");
        var before = await security.Client.GetAsync("/api/security-settings");
        var body = Body(Valid);
        body[field] = value;

        var response = await TestApi.SendAsync(security.Client, HttpMethod.Put, "/api/security-settings", body, before.Version());

        var problem = await response.Problem(HttpStatusCode.BadRequest);
        Assert.Contains(message, problem.Error(field));
        Assert.Single(problem.Body.GetProperty("errors").EnumerateObject());
        var after = await (await security.Client.GetAsync("/api/security-settings")).As<SecuritySettingsDto>();
        Assert.Equal(await before.As<SecuritySettingsDto>(), after);
        Assert.Equal(SecuritySettingsSource.Configuration, after.Source);
    }

    [Fact]
    public async Task Put_MissingField_Returns400NamingIt()
    {
        var security = await _api.CreateUserAsync(null, "securityAdmin");
        var body = Body(Valid);
        body.Remove("passwordHistory");

        var response = await TestApi.SendAsync(security.Client, HttpMethod.Put, "/api/security-settings", body, 1);

        Assert.True((await response.Problem(HttpStatusCode.BadRequest)).HasError("passwordHistory"));
    }

    [Fact]
    public async Task Put_WithoutIfMatch_Returns428()
    {
        var security = await _api.CreateUserAsync(null, "securityAdmin");

        var response = await TestApi.SendAsync(security.Client, HttpMethod.Put, "/api/security-settings", Body(Valid), null);

        await response.Expect(HttpStatusCode.PreconditionRequired);
    }

    internal static readonly SecurityPolicy Valid = new(30, 480, 5, 15, 1440, 90, 5);

    internal static SecurityPolicy Values(SecuritySettingsDto s) =>
        new(s.IdleTimeoutMinutes, s.SessionLifetimeMinutes, s.MaxFailedSignIns, s.LockoutMinutes, s.LockoutMaxMinutes, s.PasswordExpiryDays, s.PasswordHistory);

    internal static Dictionary<string, object?> Body(SecurityPolicy p) => new()
    {
        ["idleTimeoutMinutes"] = p.IdleTimeoutMinutes,
        ["sessionLifetimeMinutes"] = p.SessionLifetimeMinutes,
        ["maxFailedSignIns"] = p.MaxFailedSignIns,
        ["lockoutMinutes"] = p.LockoutMinutes,
        ["lockoutMaxMinutes"] = p.LockoutMaxMinutes,
        ["passwordExpiryDays"] = p.PasswordExpiryDays,
        ["passwordHistory"] = p.PasswordHistory,
    };

    /// <summary>Saves <paramref name="values"/> over whatever is there now, as a security administrator would after reading them.</summary>
    internal static async Task<HttpResponseMessage> SaveAsync(HttpClient security, SecurityPolicy values)
    {
        var current = await security.GetAsync("/api/security-settings");
        await current.Expect(HttpStatusCode.OK);
        return await TestApi.SendAsync(security, HttpMethod.Put, "/api/security-settings", Body(values), current.Version());
    }
}

/// <summary>
/// Saving the settings, and sign-in and sessions going by what was saved. The settings are one row for the whole app, so
/// every test here first saves all the values it relies on; none relies on what another left.
/// </summary>
public class SecuritySettingsChangeTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task Put_NewValues_GetShowsThemAndWhoSavedThem()
    {
        var security = await _api.CreateUserAsync(null, "securityAdmin");
        var values = new SecurityPolicy(60, 600, 6, 20, 720, 180, 8);

        var saved = await (await SecuritySettingsTests.SaveAsync(security.Client, values)).As<SecuritySettingsDto>();
        var read = await security.Client.GetAsync("/api/security-settings");
        var settings = await read.As<SecuritySettingsDto>();

        Assert.Equal(values, SecuritySettingsTests.Values(settings));
        Assert.Equal(saved, settings);
        Assert.Equal(SecuritySettingsSource.Saved, settings.Source);
        Assert.Equal(security.UserName, settings.UpdatedBy);
        Assert.Equal(security.Id, settings.UpdatedById);
        Assert.Equal(factory.Clock.GetUtcNow().UtcDateTime, settings.UpdatedAt!.Value, TimeSpan.FromSeconds(1));
        Assert.Equal(new SecurityPolicy(480, 480, 5, 15, 1440, 90, 5), settings.Configured);
        Assert.Equal(settings.Version, read.Version());
    }

    [Fact]
    public async Task Put_StaleIfMatch_Returns412AndKeepsTheNewerValues()
    {
        var security = await _api.CreateUserAsync(null, "securityAdmin");
        var first = await security.Client.GetAsync("/api/security-settings");
        var stale = first.Version();
        await (await TestApi.SendAsync(security.Client, HttpMethod.Put, "/api/security-settings", SecuritySettingsTests.Body(SecuritySettingsTests.Valid), stale))
            .Expect(HttpStatusCode.OK);

        var again = await TestApi.SendAsync(security.Client, HttpMethod.Put, "/api/security-settings",
            SecuritySettingsTests.Body(SecuritySettingsTests.Valid with { PasswordHistory = 12 }), stale);

        await again.Expect(HttpStatusCode.PreconditionFailed);
        var settings = await (await security.Client.GetAsync("/api/security-settings")).As<SecuritySettingsDto>();
        Assert.Equal(SecuritySettingsTests.Valid, SecuritySettingsTests.Values(settings));
    }

    [Fact]
    public async Task Token_FailedSignInsLoweredToThree_LocksAfterThreeFailures()
    {
        var security = await _api.CreateUserAsync(null, "securityAdmin");
        await (await SecuritySettingsTests.SaveAsync(security.Client, SecuritySettingsTests.Valid with { MaxFailedSignIns = 3 })).Expect(HttpStatusCode.OK);
        var user = await _api.CreateUserAsync(null, "leader");
        var anonymous = _api.Anonymous();

        for (var i = 0; i < 3; i++)
        {
            await (await anonymous.PostAsJsonAsync("/api/auth/token", new { user.UserName, password = "Wrong-Pass-1" })).Expect(HttpStatusCode.Unauthorized);
        }

        // Five (the configured number) would have let this one through.
        await (await anonymous.PostAsJsonAsync("/api/auth/token", new { user.UserName, user.Password })).Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Me_IdleTimeoutShortenedToThirty_EndsASessionIdleForThirtyOneMinutes()
    {
        var security = await _api.CreateUserAsync(null, "securityAdmin");
        await (await SecuritySettingsTests.SaveAsync(security.Client, SecuritySettingsTests.Valid with { IdleTimeoutMinutes = 240 })).Expect(HttpStatusCode.OK);
        var user = await _api.CreateUserAsync(null, "leader");
        factory.Clock.Advance(TimeSpan.FromMinutes(31));
        await (await user.Client.GetAsync("/api/me")).Expect(HttpStatusCode.OK);

        await (await SecuritySettingsTests.SaveAsync(security.Client, SecuritySettingsTests.Valid with { IdleTimeoutMinutes = 30 })).Expect(HttpStatusCode.OK);
        factory.Clock.Advance(TimeSpan.FromMinutes(31));

        await (await user.Client.GetAsync("/api/me")).Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Me_SessionLifetimeShortenedToAnHour_EndsASessionInUseAfterAnHour()
    {
        var security = await _api.CreateUserAsync(null, "securityAdmin");
        await (await SecuritySettingsTests.SaveAsync(security.Client, SecuritySettingsTests.Valid with { SessionLifetimeMinutes = 480 })).Expect(HttpStatusCode.OK);
        var user = await _api.CreateUserAsync(null, "leader");
        await (await SecuritySettingsTests.SaveAsync(security.Client, SecuritySettingsTests.Valid with { SessionLifetimeMinutes = 60 })).Expect(HttpStatusCode.OK);

        var used = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            factory.Clock.Advance(TimeSpan.FromMinutes(25));
            used.Add((await user.Client.GetAsync("/api/me")).StatusCode);
        }

        // The token was issued for 480 minutes and the session is never idle for long; only the new lifetime ends it.
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Unauthorized], used);
    }

    [Fact]
    public async Task Audit_AfterAChange_AuditorReadsTheOldAndNewValues()
    {
        var security = await _api.CreateUserAsync(null, "securityAdmin");
        await (await SecuritySettingsTests.SaveAsync(security.Client, SecuritySettingsTests.Valid)).Expect(HttpStatusCode.OK);

        await (await SecuritySettingsTests.SaveAsync(security.Client, SecuritySettingsTests.Valid with { MaxFailedSignIns = 4, PasswordExpiryDays = 0 }))
            .Expect(HttpStatusCode.OK);

        var page = await (await (await _api.AuditorAsync()).GetAsync($"/api/audit?entity=securitySettings&userId={security.Id}")).As<Paged<AuditRecord>>();
        var entry = page.Items[0];
        Assert.Equal(2, page.Total);
        Assert.Equal("update", entry.Action);
        Assert.Equal(security.UserName, entry.UserName);
        var changes = JsonDocument.Parse(entry.Detail!).RootElement;
        Assert.Equal(["maxFailedSignIns", "passwordExpiryDays"], changes.EnumerateObject().Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Equal(5, changes.GetProperty("maxFailedSignIns").GetProperty("old").GetInt32());
        Assert.Equal(4, changes.GetProperty("maxFailedSignIns").GetProperty("new").GetInt32());
        Assert.Equal(90, changes.GetProperty("passwordExpiryDays").GetProperty("old").GetInt32());
        Assert.Equal(0, changes.GetProperty("passwordExpiryDays").GetProperty("new").GetInt32());
    }
}

/// <summary>The settings cost a request no round trip: the session check and <c>/api/me</c> read them in their own statements.</summary>
public class SecuritySettingsStatementTests(Hosting.ConditionalReadTests.Host factory) : IClassFixture<Hosting.ConditionalReadTests.Host>
{
    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task Me_SessionCheckedAgain_SettingsReadInsideTheSessionAndAccountStatements()
    {
        var user = await _api.CreateUserAsync(null, "leader");
        factory.Clock.Advance(TimeSpan.FromMinutes(2));

        var statements = await factory.Recorder.RecordAsync(async () => await (await user.Client.GetAsync("/api/me")).Expect(HttpStatusCode.OK));

        Assert.DoesNotContain(statements, s => s.Contains("FROM security_settings", StringComparison.Ordinal));
        Assert.Single(statements, s => s.Contains("FROM sessions s LEFT JOIN security_settings", StringComparison.Ordinal));
        Assert.Single(statements, s => s.Contains("FROM users u LEFT JOIN security_settings", StringComparison.Ordinal));
    }
}
