using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Pipeline.Api.Features.Auth;
using Pipeline.Api.Features.Projects;
using Pipeline.Api.Features.Units;
using Pipeline.Api.Features.Users;

namespace Pipeline.Api.Tests.Infrastructure;

public sealed record TestUser(long Id, string UserName, string Password, HttpClient Client);

/// <summary>Builds a test's own data through the API, as real clients would, with names that no other test uses.</summary>
public sealed class TestApi(PipelineFactory factory)
{
    public const string Password = "Test-Pass-123";

    private HttpClient? _admin;
    private HttpClient? _auditor;

    public PipelineFactory Factory => factory;

    public HttpClient Anonymous() => factory.CreateClient();

    public async Task<HttpClient> AdminAsync() => _admin ??= await SignInAsync("admin", PipelineFactory.AdminPassword);

    /// <summary>An auditor (审计员) of this test class's own, the only role that reads the audit trail (三员分立).</summary>
    public async Task<HttpClient> AuditorAsync() => _auditor ??= (await CreateUserAsync(null, "auditor")).Client;

    public async Task<HttpClient> SignInAsync(string userName, string password)
    {
        var response = await Anonymous().PostAsJsonAsync("/api/auth/token", new { userName, password });
        var token = await response.As<TokenResponse>();
        return Bearer(token.AccessToken);
    }

    public HttpClient Bearer(string token)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    public async Task<UnitDto> CreateUnitAsync(string? name = null, UnitKind kind = UnitKind.Township, long? parentId = null)
    {
        var admin = await AdminAsync();
        var response = await admin.PostAsJsonAsync("/api/units", new { name = name ?? Unique("单位"), kind, parentId }, HttpAssertions.Json);
        return await response.As<UnitDto>(HttpStatusCode.Created);
    }

    public async Task<TestUser> CreateUserAsync(long? unitId, params string[] roles)
    {
        var admin = await AdminAsync();
        var userName = Unique("user");
        var response = await admin.PostAsJsonAsync("/api/users", new { userName, displayName = "测试用户", password = Password, roles, unitId });
        var user = await response.As<UserDto>(HttpStatusCode.Created);
        return new TestUser(user.Id, userName, Password, await SignInAsync(userName, Password));
    }

    /// <summary>A project in talks, created by <paramref name="by"/> (admin by default), with overrides merged into the defaults.</summary>
    public async Task<ProjectDto> CreateProjectAsync(long unitId, object? overrides = null, HttpClient? by = null)
    {
        var body = new JsonObject
        {
            ["name"] = Unique("项目"),
            ["industryCode"] = "C39",
            ["totalInvestment"] = 20000m,
            ["landMode"] = "newLand",
            ["landAreaMu"] = 50m,
            ["responsibleUnitId"] = unitId,
        };
        if (overrides is not null)
        {
            foreach (var (key, value) in System.Text.Json.JsonSerializer.SerializeToNode(overrides, HttpAssertions.Json)!.AsObject())
            {
                body[key] = value?.DeepClone();
            }
        }

        var response = await (by ?? await AdminAsync()).PostAsJsonAsync("/api/projects", body);
        return await response.As<ProjectDto>(HttpStatusCode.Created);
    }

    /// <summary>Approves a registered trip as the unit's head would (here an admin, who is not its registrant).</summary>
    public async Task<Api.Features.Trips.TripDto> ApproveTripAsync(long tripId) =>
        await (await (await AdminAsync()).PostAsJsonAsync($"/api/trips/{tripId}/approve", new { comment = "同意" })).As<Api.Features.Trips.TripDto>();

    public static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, object? body, int? ifMatch)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: HttpAssertions.Json);
        }

        if (ifMatch is { } version)
        {
            request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        }

        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PatchAsync(HttpClient client, string url, object body, int? ifMatch) =>
        SendAsync(client, HttpMethod.Patch, url, body, ifMatch);

    public static Task<HttpResponseMessage> TransitionAsync(HttpClient client, ProjectDto project, object body) =>
        SendAsync(client, HttpMethod.Post, $"/api/projects/{project.Id}/transitions", body, project.Version);
}
