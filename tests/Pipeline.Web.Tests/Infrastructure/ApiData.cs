using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Web.Tests.Infrastructure;

/// <summary>Someone who signs in: their id, name, password and a token from the API.</summary>
public sealed record Person(long Id, string UserName, string DisplayName, string Password, string Token);

/// <summary>A test's own data, made through the API as an admin would, with names no other test uses.</summary>
public sealed class ApiData(Uri address)
{
    public const string Password = "Test-Pass-123";

    private HttpClient? _admin;

    /// <summary>Today in the city (Asia/Shanghai), as the app counts it.</summary>
    public static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTime.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")));

    public static string Unique(string prefix) => $"{prefix}{Guid.NewGuid().ToString("N")[..6]}";

    public async Task<HttpClient> AdminAsync() => _admin ??= Client(await TokenAsync("admin", WorkspaceServer.AdminPassword));

    public HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<string> TokenAsync(string userName, string password)
    {
        using var anonymous = new HttpClient { BaseAddress = address };
        var token = await ReadAsync(await anonymous.PostAsJsonAsync("/api/auth/token", new { userName, password }));
        return token["accessToken"]!.GetValue<string>();
    }

    public async Task<long> UnitAsync(string? name = null)
    {
        var unit = await ReadAsync(await (await AdminAsync()).PostAsJsonAsync("/api/units", new { name = name ?? Unique("测试镇"), kind = "township" }));
        return unit["id"]!.GetValue<long>();
    }

    public async Task<Person> PersonAsync(long? unitId, string displayName, params string[] roles)
    {
        var userName = Unique("user.");
        var user = await ReadAsync(await (await AdminAsync()).PostAsJsonAsync("/api/users", new { userName, displayName, password = Password, roles, unitId }));
        return new Person(user["id"]!.GetValue<long>(), userName, displayName, Password, await TokenAsync(userName, Password));
    }

    /// <summary>A project in talks since <paramref name="talksDaysAgo"/> days, with <paramref name="fields"/> merged into the defaults.</summary>
    public async Task<JsonObject> ProjectAsync(long unitId, object? fields = null, int talksDaysAgo = 400)
    {
        var body = new JsonObject
        {
            ["name"] = Unique("智能装备项目"),
            ["industryCode"] = "C35",
            ["totalInvestment"] = 20000m,
            ["landMode"] = "existingBuilding",
            ["responsibleUnitId"] = unitId,
            ["talksStartedOn"] = Today.AddDays(-talksDaysAgo).ToString("yyyy-MM-dd"),
        };
        foreach (var (key, value) in JsonSerializer(fields))
        {
            body[key] = value?.DeepClone();
        }

        return await ReadAsync(await (await AdminAsync()).PostAsJsonAsync("/api/projects", body));
    }

    /// <summary>Moves a project (as admin) to another stage; returns it as it is now.</summary>
    public async Task<JsonObject> MoveAsync(JsonObject project, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/projects/{project["id"]}/transitions") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{project["version"]}\"");
        return await ReadAsync(await (await AdminAsync()).SendAsync(request));
    }

    /// <summary>A project in an existing building, signed <paramref name="daysAgo"/> days ago with no planned start: an alert waits for it.</summary>
    public async Task<JsonObject> SignedAsync(long unitId, object fields, int daysAgo)
    {
        var project = await ProjectAsync(unitId, fields, daysAgo + 30);
        project = await MoveAsync(project, new { to = "preReview", on = Date(-daysAgo - 10) });
        return await MoveAsync(project, new { to = "signed", on = Date(-daysAgo), contractAmount = 15000m });
    }

    /// <summary>Runs the alert scan (a job on the app's own workers) and waits until it has finished.</summary>
    public async Task ScanAsync()
    {
        var admin = await AdminAsync();
        var before = await LastScanAsync(admin);
        await ReadAsync(await admin.PostAsync("/api/alerts/scan", null), HttpStatusCode.Accepted);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await LastScanAsync(admin) is not { } last || last["id"]!.GetValue<long>() == before?["id"]?.GetValue<long>() || last["finishedAt"] is null)
        {
            await Task.Delay(100, deadline.Token);
        }
    }

    public async Task<JsonNode> GetAsync(string path, string? token = null)
    {
        var client = token is null ? await AdminAsync() : Client(token);
        var response = await client.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!;
    }

    public async Task<JsonObject> PutAsync(string path, object body) => await ReadAsync(await (await AdminAsync()).PutAsJsonAsync(path, body));

    /// <summary>A POST as the person with <paramref name="token"/> (the admin when null); the answer, which must be a success.</summary>
    public async Task<JsonObject> PostAsync(string path, object body, string? token = null)
    {
        var client = token is null ? await AdminAsync() : Client(token);
        return await ReadAsync(await client.PostAsJsonAsync(path, body));
    }

    /// <summary>A PUT as the person with <paramref name="token"/>; the answer, which must be a success.</summary>
    public async Task<JsonObject> PutAsync(string path, object body, string token) => await ReadAsync(await Client(token).PutAsJsonAsync(path, body));

    /// <summary>Attaches a file to a record (<c>/api/updates/7</c>, say) as the person with <paramref name="token"/> (the admin when null).</summary>
    public async Task<JsonObject> AttachAsync(string parent, byte[] content, string fileName, string kind, string? token = null)
    {
        var client = token is null ? await AdminAsync() : Client(token);
        using var form = new MultipartFormDataContent { { new StringContent(kind), "kind" }, { new ByteArrayContent(content), "file", fileName } };
        return await ReadAsync(await client.PostAsync($"{parent}/attachments", form));
    }

    /// <summary>An admin's PATCH of a record read at <paramref name="version"/> (If-Match).</summary>
    public async Task<JsonObject> PatchAsync(string path, object body, int version)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, path) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        return await ReadAsync(await (await AdminAsync()).SendAsync(request));
    }

    /// <summary>Makes <paramref name="person"/> the head of <paramref name="unitId"/> (单位负责人).</summary>
    public async Task MakeHeadAsync(long unitId, Person person)
    {
        var unit = await GetAsync($"/api/units/{unitId}");
        await PatchAsync($"/api/units/{unitId}", new { headUserId = person.Id }, unit["version"]!.GetValue<int>());
    }

    public static string Date(int daysFromToday) => Today.AddDays(daysFromToday).ToString("yyyy-MM-dd");

    private static async Task<JsonNode?> LastScanAsync(HttpClient admin) =>
        (await admin.GetFromJsonAsync<JsonObject>("/api/alerts/scans?pageSize=1"))!["items"]!.AsArray().FirstOrDefault();

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage response, HttpStatusCode? expected = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected is null ? response.IsSuccessStatusCode : response.StatusCode == expected,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private static JsonObject JsonSerializer(object? fields) =>
        fields is null ? [] : System.Text.Json.JsonSerializer.SerializeToNode(fields, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!.AsObject();
}
