using System.Net;
using System.Text.Json;
using Pipeline.Api.Tests.Infrastructure;

namespace Pipeline.Api.Tests.Hosting;

public class ApiDocsTests(ApiDocsTests.Factory factory) : IClassFixture<ApiDocsTests.Factory>
{
    public sealed class Factory : PipelineFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Pipeline:ApiDocs", "true")];
    }

    [Fact]
    public async Task OpenApi_Enabled_DescribesTheApiAndBearerSignIn()
    {
        var client = factory.CreateClient();

        var document = await client.GetStringAsync("/openapi/v1.json");
        var scalar = await client.GetAsync("/scalar");

        Assert.Contains("/api/projects/{id}/transitions", document);
        Assert.Contains("\"bearer\"", document);
        await scalar.Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task OpenApi_EveryOperation_HasASummary()
    {
        var document = await DocumentAsync();

        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete")
                .Select(o => (Name: $"{o.Name.ToUpperInvariant()} {path.Name}", Summary: o.Value.TryGetProperty("summary", out var s) ? s.GetString() : null)))
            .ToList();

        Assert.True(operations.Count > 100, $"only {operations.Count} operations");
        Assert.Empty(operations.Where(o => string.IsNullOrWhiteSpace(o.Summary)).Select(o => o.Name));
        Assert.Contains(operations, o => o.Name == "POST /api/projects/{id}/transitions" && o.Summary == "项目阶段变更");
    }

    [Fact]
    public async Task OpenApi_NullableField_NotRequiredWhileAlwaysPresentOnesAre()
    {
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");

        var createProject = schemas.GetProperty("CreateProject");
        var token = schemas.GetProperty("TokenResponse");

        Assert.True(createProject.GetProperty("properties").TryGetProperty("companyId", out _));
        Assert.DoesNotContain("companyId", Required(createProject));
        Assert.Equal(["accessToken", "tokenType", "expiresIn"], Required(token));
    }

    [Fact]
    public async Task OpenApi_Enum_ListsItsValuesAsStrings()
    {
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");

        var kinds = schemas.GetProperty("UnitKind").GetProperty("enum").EnumerateArray().Select(v => v.GetString()).ToList();

        Assert.Equal(["bureau", "township", "park", "department", "other"], kinds);
    }

    private async Task<JsonElement> DocumentAsync() =>
        JsonDocument.Parse(await factory.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;

    private static List<string?> Required(JsonElement schema) =>
        schema.TryGetProperty("required", out var required) ? required.EnumerateArray().Select(r => r.GetString()).ToList() : [];
}

public class ApiDocsOffTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    [Fact]
    public async Task OpenApi_OutsideDevelopmentByDefault_NotServed()
    {
        var response = await factory.CreateClient().GetAsync("/openapi/v1.json");

        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Unauthorized, $"got {response.StatusCode}");
    }
}
