using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pipeline.Api.Data;
using Pipeline.Api.Features.Audit;
using Pipeline.Api.Features.Auth;
using Pipeline.Api.Features.Users;
using Pipeline.Api.Hosting;
using Pipeline.Api.Tests.Infrastructure;

namespace Pipeline.Api.Tests.Hosting;

/// <summary>The findings of issue 18's black-box pass, each replayed: refused or fixed.</summary>
public class HardeningTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task Review_TrillionOnTenThousandthOfAMu_Returns400NamingFixedAssetInvestment()
    {
        var unit = await _api.CreateUnitAsync();
        var project = await _api.CreateProjectAsync(unit.Id);

        var response = await (await _api.AdminAsync()).PostAsJsonAsync($"/api/projects/{project.Id}/reviews", new
        {
            landAreaMu = 0.0001m, fixedAssetInvestment = 1_000_000_000_000m, annualOutput = 0m, annualTax = 0m, annualEnergyTce = 0m,
        });

        var problem = await response.Problem(HttpStatusCode.BadRequest);
        Assert.True(problem.HasError("fixedAssetInvestment"), problem.Body.ToString());
    }

    [Fact]
    public async Task EveryList_PageAtIntMax_Returns400NamingPageNever500()
    {
        var admin = await _api.AdminAsync();
        var lists = Endpoints().Where(e => e.Method == "GET" && !e.Pattern.Contains('{') && Parameters(e.Endpoint).Any(p => string.Equals(p.Name, "page", StringComparison.OrdinalIgnoreCase))).ToList();
        Assert.True(lists.Count >= 8, $"only {lists.Count} lists found");

        foreach (var (_, pattern, _) in lists)
        {
            var response = await admin.GetAsync($"{pattern}?page=2147483647");
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden, $"{pattern} answered {response.StatusCode}");
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                Assert.True((await response.Problem(HttpStatusCode.BadRequest)).HasError("page"), pattern);
            }
        }
    }

    /// <summary>
    /// Every numeric field of every request body (found by reflection over the endpoints' request types, nested objects,
    /// lists and maps included) set to values at and beyond the edges of its type: a 4xx every time, never a 500.
    /// </summary>
    [Fact]
    public async Task EveryRequestBody_ExtremeNumbersInEachNumericField_Never500()
    {
        var admin = await _api.AdminAsync();
        var unit = await _api.CreateUnitAsync();
        var project = await _api.CreateProjectAsync(unit.Id);
        var extremes = new JsonNode?[] { 79228162514264337593543950335m, -79228162514264337593543950335m, 2147483648L, long.MaxValue, 1e-10m, 0.0001m };
        var tried = 0;
        foreach (var (method, pattern, endpoint) in Endpoints().Where(e => e.Method is "POST" or "PUT" or "PATCH"))
        {
            var bodyType = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
            if (bodyType is null || bodyType == typeof(JsonElement))
            {
                continue;
            }

            var path = System.Text.RegularExpressions.Regex.Replace(pattern, "{[^}]+}", project.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var field in NumericFields(bodyType, depth: 0))
            {
                foreach (var value in extremes)
                {
                    var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(field(value?.DeepClone())) };
                    request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"1\""));
                    var response = await admin.SendAsync(request);
                    tried++;
                    Assert.True((int)response.StatusCode < 500, $"{method} {pattern} with {field(value?.DeepClone()).ToJsonString()} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }
        }

        Assert.True(tried > 100, $"only {tried} requests tried");
    }

    [Fact]
    public async Task Me_TokenWithoutExpiry_Returns401()
    {
        var user = await _api.CreateUserAsync(null, "leader");
        var handler = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        var forever = handler.CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = TokenIssuer.Issuer,
            Audience = TokenIssuer.Audience,
            Claims = new Dictionary<string, object> { ["sub"] = user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["name"] = user.UserName, ["role"] = new[] { "leader" } },
            SigningCredentials = factory.Services.GetRequiredService<SigningKey>().Credentials,
        });

        await (await _api.Bearer(forever).GetAsync("/api/me")).Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AnyResponse_SecurityHeadersAndNoStoreOnTheApi()
    {
        var me = await (await _api.AdminAsync()).GetAsync("/api/me");
        var page = await _api.Anonymous().GetAsync("/projects/1");

        foreach (var response in new[] { me, page })
        {
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            var csp = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.Contains("script-src 'self'", csp);
            Assert.Contains("style-src 'self' 'unsafe-inline'", csp);
            Assert.False(response.Headers.Contains("Server"));
        }

        Assert.True(me.Headers.CacheControl?.NoStore, "an authenticated API answer must not be stored");
        Assert.False(factory.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.AddServerHeader);
    }

    [Fact]
    public async Task Project_LandModeWithTrailingSpaceOrOtherCase_Returns400NamingIt()
    {
        var unit = await _api.CreateUnitAsync();
        var admin = await _api.AdminAsync();

        foreach (var landMode in new[] { "NewLand ", "NewLand", "newland", "0", "newLand,existingBuilding" })
        {
            var response = await admin.PostAsJsonAsync("/api/projects", new
            {
                name = TestApi.Unique("项目"), industryCode = "C39", totalInvestment = 100m, landMode, responsibleUnitId = unit.Id,
            });
            Assert.True((await response.Problem(HttpStatusCode.BadRequest)).HasError("landMode"), landMode);
        }
    }

    [Fact]
    public async Task Audit_UserChange_RecordsOldAndNewValues()
    {
        var unit = await _api.CreateUnitAsync();
        var admin = await _api.AdminAsync();
        var created = await (await admin.PostAsJsonAsync("/api/users", new
        {
            userName = TestApi.Unique("user"), displayName = "旧名字", password = TestApi.Password, roles = new[] { "staff" }, unitId = unit.Id, phone = "13800000001",
        })).As<UserDto>(HttpStatusCode.Created);

        await (await TestApi.PatchAsync(admin, $"/api/users/{created.Id}", new { displayName = "新名字", password = "Another-Pass-77" }, created.Version)).Expect(HttpStatusCode.OK);

        var audit = await (await _api.AuditorAsync()).GetFromJsonAsync<Paged<AuditRecord>>($"/api/audit?entity=user&entityId={created.Id}&action=update", HttpAssertions.Json);
        var changes = JsonNode.Parse(Assert.Single(audit!.Items).Detail!)!;
        Assert.Equal("旧名字", changes["displayName"]!["old"]!.GetValue<string>());
        Assert.Equal("新名字", changes["displayName"]!["new"]!.GetValue<string>());
        Assert.Equal("changed", changes["password"]!.GetValue<string>());
        Assert.DoesNotContain("Another-Pass-77", audit.Items[0].Detail);
    }

    [Fact]
    public async Task Audit_RefusedRequest_Recorded()
    {
        var staff = await _api.CreateUserAsync((await _api.CreateUnitAsync()).Id, "staff");

        await (await staff.Client.PostAsJsonAsync("/api/units", new { name = TestApi.Unique("单位"), kind = "township" })).Expect(HttpStatusCode.Forbidden);

        var audit = await (await _api.AuditorAsync()).GetFromJsonAsync<Paged<AuditRecord>>($"/api/audit?action=forbidden&userId={staff.Id}", HttpAssertions.Json);
        var refused = Assert.Single(audit!.Items);
        Assert.Equal("refused", refused.Result);
        Assert.Equal("POST /api/units", refused.Detail);
    }

    [Fact]
    public async Task Audit_SignInWithUnknownName_TypedNameNotStored()
    {
        var typed = "Secret-" + Guid.NewGuid().ToString("N")[..10];

        await (await _api.Anonymous().PostAsJsonAsync("/api/auth/token", new { userName = typed, password = "Wrong-Pass-1" })).Expect(HttpStatusCode.Unauthorized);

        await using var connection = await factory.Database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM audit_log WHERE user_name LIKE '%Secret-%' OR detail LIKE '%Secret-%'";
        Assert.Equal(0L, Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void DataFolderAndDatabase_OnUnix_OwnerOnly()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes");
        _ = factory.Services;
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(factory.Database.Directory));
        if (factory.Database.Provider == DatabaseProvider.Sqlite)
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(factory.Database.Directory, "pipeline.db")));
        }
    }

    [Fact]
    public async Task Users_ContactsOfAnotherUnit_HiddenFromStaffShownToTheirUnitAndLeaders()
    {
        var home = await _api.CreateUnitAsync();
        var other = await _api.CreateUnitAsync();
        var admin = await _api.AdminAsync();
        var colleague = await (await admin.PostAsJsonAsync("/api/users", new
        {
            userName = TestApi.Unique("user"), displayName = "同事", password = TestApi.Password, roles = new[] { "staff" }, unitId = home.Id, phone = "13900000001", email = "a@example.cn",
        })).As<UserDto>(HttpStatusCode.Created);
        var stranger = await (await admin.PostAsJsonAsync("/api/users", new
        {
            userName = TestApi.Unique("user"), displayName = "外单位", password = TestApi.Password, roles = new[] { "staff" }, unitId = other.Id, phone = "13900000002", email = "b@example.cn",
        })).As<UserDto>(HttpStatusCode.Created);
        var staff = await _api.CreateUserAsync(home.Id, "staff");
        var leader = await _api.CreateUserAsync(null, "leader");

        var seenColleague = await (await staff.Client.GetAsync($"/api/users/{colleague.Id}")).As<UserDto>();
        var seenStranger = await (await staff.Client.GetAsync($"/api/users/{stranger.Id}")).As<UserDto>();
        var listed = await (await staff.Client.GetAsync($"/api/users?unitId={other.Id}")).As<Paged<UserDto>>();
        var byLeader = await (await leader.Client.GetAsync($"/api/users/{stranger.Id}")).As<UserDto>();

        Assert.Equal("13900000001", seenColleague.Phone);
        Assert.Null(seenStranger.Phone);
        Assert.Null(seenStranger.Email);
        Assert.All(listed.Items, u => Assert.Null(u.Phone));
        Assert.Equal("b@example.cn", byLeader.Email);
    }

    [Theory]
    [InlineData("http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=1")]
    [InlineData("https://evil.example.com/hook")]
    [InlineData("https://qyapi.weixin.qq.com.evil.example.com/hook")]
    [InlineData("https://user@qyapi.weixin.qq.com/hook")]
    public async Task CreateUser_WebhookOutsideTheAllowList_Returns400(string url)
    {
        var response = await (await _api.AdminAsync()).PostAsJsonAsync("/api/users", new
        {
            userName = TestApi.Unique("user"), displayName = "机器人", password = TestApi.Password, roles = new[] { "leader" }, webhookUrl = url, webhookKind = "wecom",
        });

        Assert.True((await response.Problem(HttpStatusCode.BadRequest)).HasError("webhookUrl"));
    }

    [Fact]
    public async Task CreateUser_DingTalkRobot_Accepted()
    {
        var response = await (await _api.AdminAsync()).PostAsJsonAsync("/api/users", new
        {
            userName = TestApi.Unique("user"), displayName = "机器人", password = TestApi.Password, roles = new[] { "leader" },
            webhookUrl = "https://oapi.dingtalk.com/robot/send?access_token=abc", webhookKind = "dingtalk",
        });

        Assert.True((await response.As<UserDto>(HttpStatusCode.Created)).HasWebhook);
    }

    private IEnumerable<(string Method, string Pattern, RouteEndpoint Endpoint)> Endpoints() =>
        factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.StartsWith("/api", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, e.RoutePattern.RawText!, e)));

    private static IEnumerable<ParameterInfo> Parameters(Endpoint endpoint) =>
        (endpoint.Metadata.GetMetadata<MethodInfo>()?.GetParameters() ?? []).SelectMany(p =>
            p.GetCustomAttribute<AsParametersAttribute>() is null
                ? [p]
                : p.ParameterType.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First().GetParameters());

    private static readonly HashSet<Type> Numbers = [typeof(int), typeof(long), typeof(decimal), typeof(double), typeof(short)];

    /// <summary>For each numeric field reachable in <paramref name="type"/>, a body with only that field set to a given value.</summary>
    private static IEnumerable<Func<JsonNode?, JsonObject>> NumericFields(Type type, int depth)
    {
        if (depth > 3)
        {
            yield break;
        }

        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite || constructor?.GetParameters().Any(c => c.Name == p.Name) == true))
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (Numbers.Contains(propertyType))
            {
                yield return value => new JsonObject { [name] = value };
            }
            else if (propertyType.IsGenericType && propertyType.GetGenericArguments() is [var key, var valueType] && key == typeof(string)
                     && Numbers.Contains(Nullable.GetUnderlyingType(valueType) ?? valueType))
            {
                yield return value => new JsonObject { [name] = new JsonObject { ["x"] = value } };
            }
            else if (propertyType != typeof(string) && propertyType.GetInterfaces().Append(propertyType)
                         .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0] is { } item)
            {
                var itemType = Nullable.GetUnderlyingType(item) ?? item;
                if (Numbers.Contains(itemType))
                {
                    yield return value => new JsonObject { [name] = new JsonArray(value) };
                }
                else if (itemType.IsClass && itemType != typeof(string))
                {
                    foreach (var inner in NumericFields(itemType, depth + 1))
                    {
                        yield return value => new JsonObject { [name] = new JsonArray(inner(value)) };
                    }
                }
            }
            else if (propertyType.IsClass && propertyType != typeof(string) && propertyType.Namespace?.StartsWith("Pipeline", StringComparison.Ordinal) == true)
            {
                foreach (var inner in NumericFields(propertyType, depth + 1))
                {
                    yield return value => new JsonObject { [name] = inner(value) };
                }
            }
        }
    }
}

/// <summary>Sign-in does the same work for every failure: the decoy hash is made once, and each attempt verifies one hash.</summary>
public class SignInWorkTests(SignInWorkTests.Factory factory) : IClassFixture<SignInWorkTests.Factory>
{
    public sealed class Factory : PipelineFactory
    {
        public CountingHasher Hasher { get; } = new();

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<IPasswordHasher<Account>>(sp =>
            {
                Hasher.Inner = new PasswordHasher<Account>(sp.GetRequiredService<IOptions<PasswordHasherOptions>>());
                return Hasher;
            }));
        }
    }

    public sealed class CountingHasher : IPasswordHasher<Account>
    {
        private int _hashes;
        private int _verifications;

        public IPasswordHasher<Account> Inner { get; set; } = null!;

        public int Hashes => _hashes;

        public int Verifications => _verifications;

        public string HashPassword(Account user, string password)
        {
            Interlocked.Increment(ref _hashes);
            return Inner.HashPassword(user, password);
        }

        public PasswordVerificationResult VerifyHashedPassword(Account user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return Inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task Token_UnknownUsersAndWrongPasswords_OneVerificationEachAndNoHashPerRequest()
    {
        var user = await _api.CreateUserAsync(null, "leader");
        await _api.Anonymous().PostAsJsonAsync("/api/auth/token", new { userName = TestApi.Unique("nobody"), password = "Wrong-Pass-1" });
        var (hashes, verifications) = (factory.Hasher.Hashes, factory.Hasher.Verifications);

        for (var i = 0; i < 3; i++)
        {
            await (await _api.Anonymous().PostAsJsonAsync("/api/auth/token", new { userName = TestApi.Unique("nobody"), password = "Wrong-Pass-1" })).Expect(HttpStatusCode.Unauthorized);
            await (await _api.Anonymous().PostAsJsonAsync("/api/auth/token", new { user.UserName, password = "Wrong-Pass-1" })).Expect(HttpStatusCode.Unauthorized);
        }

        Assert.Equal(hashes, factory.Hasher.Hashes);
        Assert.Equal(verifications + 6, factory.Hasher.Verifications);
    }
}

/// <summary>No proxy is trusted unless configured, not even loopback: a local process cannot pick the address in the audit trail.</summary>
public class UntrustedLoopbackTests(UntrustedLoopbackTests.Factory factory) : IClassFixture<UntrustedLoopbackTests.Factory>
{
    public sealed class Factory : PipelineFactory
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(new BeforeTheApp((context, rest) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Loopback;
                return rest(context);
            })));
        }
    }

    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task SignIn_ForwardedForFromLoopback_AuditKeepsLoopback()
    {
        var user = await _api.CreateUserAsync(null, "leader");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/token") { Content = JsonContent.Create(new { userName = user.UserName, password = user.Password }) };
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");

        await (await _api.Anonymous().SendAsync(request)).Expect(HttpStatusCode.OK);

        var audit = await (await _api.AuditorAsync()).GetFromJsonAsync<Paged<AuditRecord>>($"/api/audit?action=signIn&entityId={user.Id}", HttpAssertions.Json);
        Assert.All(audit!.Items, a => Assert.Equal("127.0.0.1", a.ClientIp));
    }
}
