using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Api.Data;
using Pipeline.Api.Features.Audit;
using Pipeline.Api.Features.Auth;
using Pipeline.Api.Features.Users;
using Pipeline.Api.Tests.Infrastructure;

namespace Pipeline.Api.Tests.Features.Auth;

/// <summary>三员分立, lock-outs per account and address, password history and age, and the hash-chained audit trail.</summary>
public class SeparationTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task Me_BootstrapAccount_HoldsAdminAndSecurityAdmin()
    {
        var me = await (await (await _api.AdminAsync()).GetAsync("/api/me")).As<AuthEndpoints.MeResponse>();

        Assert.Equal(["admin", "securityAdmin"], me.Roles.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Audit_ReadByAdmin_Returns403AndByAuditor200()
    {
        var admin = await (await _api.AdminAsync()).GetAsync("/api/audit");

        await admin.Expect(HttpStatusCode.Forbidden);
        await (await (await _api.AuditorAsync()).GetAsync("/api/audit")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Auditor_AnyChange_Returns403()
    {
        var auditor = await _api.AuditorAsync();

        await (await auditor.PostAsJsonAsync("/api/units", new { name = TestApi.Unique("单位"), kind = "township" })).Expect(HttpStatusCode.Forbidden);
        await (await auditor.PostAsJsonAsync("/api/users", new { userName = TestApi.Unique("user"), displayName = "x", password = TestApi.Password, roles = new[] { "staff" } }))
            .Expect(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("securityAdmin")]
    public async Task CreateUser_AuditorWithAnAdministratorRole_Returns400(string other)
    {
        var response = await (await _api.AdminAsync()).PostAsJsonAsync("/api/users", new
        {
            userName = TestApi.Unique("user"), displayName = "两员", password = TestApi.Password, roles = new[] { "auditor", other },
        });

        var problem = await response.Problem(HttpStatusCode.BadRequest);
        Assert.Contains("审计员", problem.Error("roles"));
    }

    [Fact]
    public async Task UpdateUser_AdminWithoutSecurityAdminGrantsRoles_Returns403ButKeepsAccounts()
    {
        var sysAdmin = await _api.CreateUserAsync(null, "admin");
        var target = await (await (await _api.AdminAsync()).GetAsync($"/api/users/{(await _api.CreateUserAsync(null, "leader")).Id}")).As<UserDto>();

        var grant = await TestApi.PatchAsync(sysAdmin.Client, $"/api/users/{target.Id}", new { roles = new[] { "leader", "committee" } }, target.Version);
        var rename = await TestApi.PatchAsync(sysAdmin.Client, $"/api/users/{target.Id}", new { displayName = "改名" }, target.Version);

        Assert.Contains("安全管理员", (await grant.Problem(HttpStatusCode.Forbidden)).Detail);
        await rename.Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task UpdateUser_SecurityAdminOnlyChangesAccount_Returns403()
    {
        var security = await _api.CreateUserAsync(null, "securityAdmin");
        var target = await (await (await _api.AdminAsync()).GetAsync($"/api/users/{(await _api.CreateUserAsync(null, "leader")).Id}")).As<UserDto>();

        var rename = await TestApi.PatchAsync(security.Client, $"/api/users/{target.Id}", new { displayName = "改名" }, target.Version);
        var grant = await TestApi.PatchAsync(security.Client, $"/api/users/{target.Id}", new { roles = new[] { "committee" } }, target.Version);

        await rename.Expect(HttpStatusCode.Forbidden);
        await grant.Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Token_SecondLockoutInARow_LastsTwiceAsLong()
    {
        var user = await _api.CreateUserAsync(null, "leader");
        var anonymous = _api.Anonymous();
        async Task FailFiveTimesAsync()
        {
            for (var i = 0; i < 5; i++)
            {
                await (await anonymous.PostAsJsonAsync("/api/auth/token", new { user.UserName, password = "Wrong-Pass-1" })).Expect(HttpStatusCode.Unauthorized);
            }
        }

        await FailFiveTimesAsync();
        factory.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        await FailFiveTimesAsync();
        factory.Clock.Advance(TimeSpan.FromMinutes(16));
        var stillLocked = await anonymous.PostAsJsonAsync("/api/auth/token", new { user.UserName, user.Password });
        factory.Clock.Advance(TimeSpan.FromMinutes(15));
        var afterwards = await anonymous.PostAsJsonAsync("/api/auth/token", new { user.UserName, user.Password });

        await stillLocked.Expect(HttpStatusCode.Unauthorized);
        await afterwards.Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Unlock_ByAdmin_LockedAccountSignsInAtOnce()
    {
        var user = await _api.CreateUserAsync(null, "leader");
        var anonymous = _api.Anonymous();
        for (var i = 0; i < 5; i++)
        {
            await (await anonymous.PostAsJsonAsync("/api/auth/token", new { user.UserName, password = "Wrong-Pass-1" })).Expect(HttpStatusCode.Unauthorized);
        }

        await (await (await _api.AdminAsync()).PostAsync($"/api/users/{user.Id}/unlock", null)).Expect(HttpStatusCode.NoContent);

        await (await anonymous.PostAsJsonAsync("/api/auth/token", new { user.UserName, user.Password })).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ChangePassword_ToARecentPassword_Returns400()
    {
        var user = await _api.CreateUserAsync(null, "leader");
        var fresh = await (await user.Client.PostAsJsonAsync("/api/me/password", new { currentPassword = user.Password, newPassword = "Second-Pass-22" })).As<TokenResponse>();

        var back = await _api.Bearer(fresh.AccessToken).PostAsJsonAsync("/api/me/password", new { currentPassword = "Second-Pass-22", newPassword = user.Password });

        Assert.Contains("最近 5 次", (await back.Problem(HttpStatusCode.BadRequest)).Error("newPassword"));
    }

    [Fact]
    public async Task Me_PasswordOlderThanItsExpiry_MustChangePassword()
    {
        var user = await _api.CreateUserAsync(null, "leader");
        factory.Clock.Advance(TimeSpan.FromDays(91));
        var client = await _api.SignInAsync(user.UserName, user.Password);

        var me = await (await client.GetAsync("/api/me")).As<AuthEndpoints.MeResponse>();

        Assert.True(me.MustChangePassword);
    }
}

/// <summary>The workspace's session ends after the idle timeout (30 minutes by default), measured on the app's clock.</summary>
public class SessionTests(SessionTests.Factory factory) : IClassFixture<SessionTests.Factory>
{
    public sealed class Factory : PipelineFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Pipeline:Auth:IdleTimeoutMinutes", "30")];
    }

    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task Me_IdleLongerThanTheTimeout_Returns401()
    {
        var user = await _api.CreateUserAsync(null, "leader");
        factory.Clock.Advance(TimeSpan.FromMinutes(31));

        await (await user.Client.GetAsync("/api/me")).Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Me_UsedWithinTheTimeout_StaysSignedInPastIt()
    {
        var user = await _api.CreateUserAsync(null, "leader");
        for (var i = 0; i < 3; i++)
        {
            factory.Clock.Advance(TimeSpan.FromMinutes(20));
            await (await user.Client.GetAsync("/api/me")).Expect(HttpStatusCode.OK);
        }
    }
}

/// <summary>Concurrent writers keep the audit trail one chain.</summary>
public class AuditChainTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task AuditChain_ConcurrentWriters_StayOneChain()
    {
        var admin = await _api.AdminAsync();

        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => admin.PostAsJsonAsync("/api/units", new { name = TestApi.Unique("单位"), kind = "township" })));

        await using var session = await factory.Services.GetRequiredService<Db>().OpenAsync();
        Assert.Null(AuditChain.Verify(session).BrokenAt);
    }
}

/// <summary><c>verify-audit</c>'s check names an edited entry; its own database, as the test breaks the chain on purpose.</summary>
public class AuditTamperTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task VerifyAudit_Untouched_WholeAndAnEditedEntry_NamedAsTheBrokenLink()
    {
        await _api.CreateUnitAsync();
        var db = factory.Services.GetRequiredService<Db>();
        await using (var session = await db.OpenAsync())
        {
            Assert.Null(AuditChain.Verify(session).BrokenAt);
        }

        await using var connection = await factory.Database.OpenAsync();
        await using var edit = connection.CreateCommand();
        edit.CommandText = "UPDATE audit_log SET detail = 'edited' WHERE id = (SELECT MIN(id) FROM audit_log WHERE hash IS NOT NULL) + 1";
        await edit.ExecuteNonQueryAsync();
        await using var first = connection.CreateCommand();
        first.CommandText = "SELECT MIN(id) FROM audit_log WHERE hash IS NOT NULL";
        var edited = Convert.ToInt64(await first.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) + 1;

        await using var check = await db.OpenAsync();
        Assert.Equal(edited, AuditChain.Verify(check).BrokenAt);
    }
}

/// <summary>A client that leaves while its session is being checked is not an error an operator has to read about.</summary>
public class AbortedSessionCheckTests(AbortedSessionCheckTests.Factory factory) : IClassFixture<AbortedSessionCheckTests.Factory>
{
    private const string AbortHeader = "X-Test-Abort";

    public sealed class Factory : PipelineFactory
    {
        public LogLines Log { get; } = new();

        /// <summary>Completes when the server has finished with the aborted request, however it ended.</summary>
        public TaskCompletionSource AbortedRequestDone { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging => logging.AddProvider(Log));
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new BeforeTheApp(ClientLeavesFirstAsync)));
        }

        /// <summary>Aborts a marked request before authentication runs, as a client that hangs up would.</summary>
        private async Task ClientLeavesFirstAsync(HttpContext context, RequestDelegate rest)
        {
            if (!context.Request.Headers.ContainsKey(AbortHeader))
            {
                await rest(context);
                return;
            }

            context.Abort();
            try
            {
                await rest(context);
            }
            finally
            {
                AbortedRequestDone.TrySetResult();
            }
        }
    }

    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task Authenticate_ClientGoneDuringSessionCheck_NoErrorLogged()
    {
        var user = await _api.CreateUserAsync(null, "leader");
        factory.Clock.Advance(TimeSpan.FromMinutes(2));
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Add(AbortHeader, "1");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => user.Client.SendAsync(request));
        await factory.AbortedRequestDone.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.DoesNotContain(factory.Log.All, l => l.Level >= LogLevel.Error);
        await (await user.Client.GetAsync("/api/me")).Expect(HttpStatusCode.OK);
    }
}
