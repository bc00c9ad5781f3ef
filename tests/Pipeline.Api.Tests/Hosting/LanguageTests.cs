using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Pipeline.Api.Tests.Infrastructure;

namespace Pipeline.Api.Tests.Hosting;

/// <summary>People read Chinese; a client that asks for English gets English.</summary>
public class LanguageTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    [Fact]
    public async Task Problem_NoAcceptLanguage_InChinese()
    {
        var client = factory.CreateClient();

        var problem = await (await client.PostAsJsonAsync("/api/auth/token", new { userName = "admin" })).Problem(HttpStatusCode.BadRequest);

        Assert.Equal("请求有误。", problem.Body.GetProperty("title").GetString());
        Assert.Equal("必填。", problem.Error("password"));
    }

    [Fact]
    public async Task Problem_AcceptLanguageEnglish_InEnglish()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en-US"));

        var problem = await (await client.PostAsJsonAsync("/api/auth/token", new { userName = "admin" })).Problem(HttpStatusCode.BadRequest);

        Assert.Equal("The request is not valid.", problem.Body.GetProperty("title").GetString());
        Assert.Equal("Required.", problem.Error("password"));
    }

    [Fact]
    public async Task Unauthorized_NoAcceptLanguage_InChinese()
    {
        var problem = await (await factory.CreateClient().GetAsync("/api/projects")).Problem(HttpStatusCode.Unauthorized);

        Assert.Equal("请先登录。", problem.Body.GetProperty("title").GetString());
    }
}
