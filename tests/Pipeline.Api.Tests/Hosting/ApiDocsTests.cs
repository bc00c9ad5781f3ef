using System.Net;
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
