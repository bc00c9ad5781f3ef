using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Pipeline.Api.Features.Imports;
using Pipeline.Api.Tests.Features.Imports;
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

    [Fact]
    public async Task Transition_RefusedWithoutAcceptLanguage_SaysWhyInChinese()
    {
        var (api, project) = await TalksProjectAsync();

        var problem = await (await TestApi.TransitionAsync(await api.AdminAsync(), project, new { to = "production" })).Problem(HttpStatusCode.Conflict);

        Assert.Equal("与当前状态不符，未能办理。", problem.Body.GetProperty("title").GetString());
        Assert.Equal("处于“洽谈”阶段的项目不能转入“投产”：可转入“预审”、“终止”。", problem.Detail);
    }

    [Fact]
    public async Task Transition_RefusedWithAcceptLanguageEnglish_SaysWhyInEnglishWithTheApisValues()
    {
        var (api, project) = await TalksProjectAsync();

        var problem = await (await TestApi.TransitionAsync(await EnglishAdminAsync(api), project, new { to = "production" })).Problem(HttpStatusCode.Conflict);

        Assert.Equal("The request conflicts with the current state.", problem.Body.GetProperty("title").GetString());
        Assert.Equal("A project in 'talks' cannot move to 'production': it can move to 'preReview', 'dropped'.", problem.Detail);
    }

    [Fact]
    public async Task Import_UnknownUnit_NamesItInChineseOrInEnglishOnRequest()
    {
        var api = new TestApi(factory);
        List<Dictionary<string, object?>> rows =
        [
            new() { [LedgerRow.Name] = "食品深加工项目", [LedgerRow.Industry] = "C35", [LedgerRow.TotalInvestment] = 3000m, [LedgerRow.Unit] = "北湖镇" },
        ];

        var chinese = await (await ImportTests.UploadAsync(await api.AdminAsync(), rows, dryRun: true)).As<LedgerImport.ImportReport>();
        var english = await (await ImportTests.UploadAsync(await EnglishAdminAsync(api), rows, dryRun: true)).As<LedgerImport.ImportReport>();

        Assert.Equal("没有名为“北湖镇”的单位。", Assert.Single(chinese.Problems).Message);
        Assert.Equal("There is no unit named '北湖镇'.", Assert.Single(english.Problems).Message);
    }

    private async Task<(TestApi Api, Api.Features.Projects.ProjectDto Project)> TalksProjectAsync()
    {
        var api = new TestApi(factory);
        var unit = await api.CreateUnitAsync();
        return (api, await api.CreateProjectAsync(unit.Id));
    }

    private static async Task<HttpClient> EnglishAdminAsync(TestApi api)
    {
        var client = await api.SignInAsync("admin", PipelineFactory.AdminPassword);
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
        return client;
    }
}
