using System.Net;
using System.Net.Http.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Pipeline.Api.Features.Dispatch;
using Pipeline.Api.Hosting;
using Pipeline.Api.Tests.Features.Alerts;
using Pipeline.Api.Tests.Infrastructure;

namespace Pipeline.Api.Tests.Features.Reports;

/// <summary>The quarterly 通报 as Word opens it; its own host, as the test lets a matter's due date pass.</summary>
public class QuarterlyBulletinTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    [Fact]
    public async Task Bulletin_QuarterWithAStalledProjectAndAnOverdueMatter_TablesNameTheUnitTheProjectItsLeaderAndTheMatter()
    {
        var api = new TestApi(factory);
        var admin = await api.AdminAsync();
        var unit = await api.CreateUnitAsync();
        var person = await api.CreateUserAsync(unit.Id, "staff");
        var leader = await api.CreateUserAsync(null, "leader");
        await (await admin.PutAsJsonAsync($"/api/unit-targets/2026/{unit.Id}", new { signedCount = 10, signedAmount = 100000m, startedCount = 5 }))
            .As<Api.Features.Targets.TargetDto>();
        var subjects = new AlertSubjects(api, factory.Today);
        var project = await subjects.SignedAsync(unit.Id, person.Id, 200, leaderId: leader.Id, updatesFiled: false);
        var matterText = TestApi.Unique("协调用电增容");
        await (await admin.PostAsJsonAsync($"/api/projects/{project.Id}/updates", new
        {
            month = "2026-06", progress = "完成厂房设计", nextSteps = "办理施工许可", matters = new[] { new { text = matterText } },
        })).As<UpdateDto>(HttpStatusCode.Created);
        var matter = (await admin.GetFromJsonAsync<Paged<MatterDto>>($"/api/matters?projectId={project.Id}", HttpAssertions.Json))!.Items.Single();
        await (await admin.PostAsJsonAsync($"/api/matters/{matter.Id}/assign", new { unitId = unit.Id, dueOn = factory.Today.AddDays(2) })).As<MatterDto>();
        factory.Clock.Advance(TimeSpan.FromDays(5));

        var response = await (await new TestApi(factory).AdminAsync()).GetAsync("/api/reports/bulletin?year=2026&quarter=2");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, System.Text.Encoding.UTF8.GetString(bytes));
        using var document = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        var tables = document.MainDocumentPart!.Document!.Body!.Elements<Table>().Select(Cells).ToList();

        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("2026年第2季度招商引资工作通报", document.MainDocumentPart.Document.Body.Elements<Paragraph>().First().InnerText);
        Assert.Equal(4, tables.Count);
        Assert.Equal(["名次", "单位", "签约项目数"], tables[0][0].Take(3));
        // Signed last November, the project counts in no signing of this quarter; it is stalled, and its unit below target.
        Assert.Contains(tables[0], row => row[1] == unit.Name && row[2] == "0");
        Assert.Contains(tables[1], row => row[0] == unit.Name && row[1] == "0/2.5" && row[2] == "0/25000");
        var stalled = Assert.Single(tables[2], row => row[1] == project.Name);
        Assert.Equal((unit.Name, "205", "测试用户"), (stalled[2], stalled[4], stalled[6]));
        var overdue = Assert.Single(tables[3], row => row[2] == matterText);
        Assert.Equal((project.Name, unit.Name, "3"), (overdue[1], overdue[3], overdue[5]));
    }

    [Fact]
    public async Task Bulletin_QuarterFive_Returns400NamingQuarter()
    {
        var admin = await new TestApi(factory).AdminAsync();

        var problem = await (await admin.GetAsync("/api/reports/bulletin?year=2026&quarter=5")).As<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>(HttpStatusCode.BadRequest);

        Assert.Equal(["quarter"], problem.Errors.Keys);
    }

    private static List<string[]> Cells(Table table) =>
        table.Elements<TableRow>().Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToArray()).ToList();
}
