using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Api.Tests.Infrastructure;

namespace Pipeline.Api.Tests.Hosting;

/// <summary>Bodies and values the API cannot read are refused with a 400 that says where, on every route, never a 500.</summary>
public class RequestBodyTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task EveryJsonRoute_FieldGivenTwice_Returns400NamingTheField()
    {
        var everyone = await _api.CreateUserAsync((await _api.CreateUnitAsync()).Id, "admin", "securityAdmin", "staff", "leader", "committee");
        var routes = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes.Any(c => c.Contains("json", StringComparison.Ordinal)) == true)
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(method => (Method: method, Path: Path(e.RoutePattern.RawText!))))
            .ToList();
        var wrong = new List<string>();

        foreach (var (method, path) in routes)
        {
            var request = new HttpRequestMessage(new HttpMethod(method), path)
            {
                Content = new StringContent("""{"name":"a","name":"b"}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
            var response = await everyone.Client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.BadRequest || !GivenTwice(body, "name"))
            {
                wrong.Add($"{method} {path}: {(int)response.StatusCode} {body}");
            }
        }

        Assert.True(routes.Count > 40, $"Only {routes.Count} JSON routes were found.");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task Patch_NestedFieldGivenTwice_Returns400NamingItsPath()
    {
        var admin = await _api.AdminAsync();
        var request = new HttpRequestMessage(HttpMethod.Patch, "/api/companies/1")
        {
            Content = new StringContent("""{"contacts":[{"name":"张三"},{"name":"李四","phone":"1","phone":"2"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");

        var problem = await (await admin.SendAsync(request)).Problem(HttpStatusCode.BadRequest);

        Assert.Equal("重复给出；每个字段只能给一次。", problem.Error("contacts[1].phone"));
    }

    [Fact]
    public async Task Post_TextThatIsNotJson_Returns400SayingWhere()
    {
        var admin = await _api.AdminAsync();

        var problem = await (await admin.PostAsync("/api/units", new StringContent("""{"name": "东城镇",""", Encoding.UTF8, "application/json")))
            .Problem(HttpStatusCode.BadRequest);

        Assert.Contains("第 1 行", problem.Error("body"));
    }

    [Fact]
    public async Task Get_QueryValueOfTheWrongKind_Returns400NamingTheParameter()
    {
        var admin = await _api.AdminAsync();

        var problem = await (await admin.GetAsync("/api/projects?signedFrom=yesterday")).Problem(HttpStatusCode.BadRequest);

        Assert.Contains("yyyy-MM-dd", problem.Error("signedFrom"));
    }

    [Fact]
    public async Task Post_NestedValueOfTheWrongKind_Returns400NamingItsPath()
    {
        var admin = await _api.AdminAsync();

        var problem = await (await admin.PostAsync("/api/trips", new StringContent(
            """{"purpose":"p","destination":"d","startOn":"2026-07-01","endOn":"2026-07-02","targets":[{"companyId":"acme"}]}""",
            Encoding.UTF8, "application/json"))).Problem(HttpStatusCode.BadRequest);

        Assert.Contains("应为数字", problem.Error("targets[0].companyId"));
    }

    private static bool GivenTwice(string problem, string field)
    {
        using var body = JsonDocument.Parse(problem);
        return body.RootElement.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out var messages)
            && messages.EnumerateArray().Any(m => m.GetString() == "重复给出；每个字段只能给一次。");
    }

    /// <summary>A route template made concrete: every parameter gets a value of its constraint's kind.</summary>
    private static string Path(string template) => System.Text.RegularExpressions.Regex.Replace(template, @"\{(\w+)(:(\w+))?\}", m => m.Groups[3].Value switch
    {
        "long" or "int" => m.Groups[1].Value == "year" ? "2026" : "1",
        _ => m.Groups[1].Value == "day" ? "2026-01-01" : "x",
    });
}
