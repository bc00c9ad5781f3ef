using System.Globalization;
using System.IO.Compression;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Pipeline.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Pipeline.Web.Tests;

/// <summary>The cockpit shows the API's reports unchanged: the same data read both ways gives the same numbers.</summary>
public class CockpitTests(WorkspaceServer server)
{
    private readonly ApiData _api = new(server.Address);

    [Fact]
    public async Task Cockpit_OneUnitThisYear_NumbersEqualTheApiReports()
    {
        var year = ApiData.Today.Year;
        var unit = await _api.UnitAsync();
        var person = await _api.PersonAsync(unit, "张伟", "staff");
        var leader = await _api.PersonAsync(null, "赵副市长", "leader");
        var owners = new { responsiblePersonId = person.Id, leaderId = leader.Id };
        var daysIntoYear = ApiData.Today.DayOfYear - 1;
        var started = await _api.SignedAsync(unit, owners, Math.Min(daysIntoYear, 20));
        await _api.MoveAsync(started, new { to = "groundbreaking", on = ApiData.Date(0) });
        await _api.SignedAsync(unit, owners, Math.Min(daysIntoYear, 10));
        await _api.SignedAsync(unit, owners, 200);
        await _api.SignedAsync(unit, owners, 100);
        await _api.PutAsync($"/api/unit-targets/{year}/{unit}", new { signedCount = 4, signedAmount = 60000m, startedCount = 2 });
        await _api.ScanAsync();
        var page = await server.PageAsync(token: leader.Token);

        await page.GotoAsync($"/cockpit?unitId={unit}");
        var cockpit = page.Locator(".cockpit[data-ready=true]");
        await Expect(cockpit).ToBeVisibleAsync();
        await Shots.SaveAsync(page, "cockpit");

        var period = $"from={year}-01-01&to={year}-12-31&unitId={unit}";
        var performance = (await _api.GetAsync($"/api/reports/performance?{period}", leader.Token))["total"]!;
        var funnel = await _api.GetAsync($"/api/reports/funnel?{period}&mode=period", leader.Token);
        var cohort = await _api.GetAsync($"/api/reports/signed-not-started?signedFrom={year}-01-01&signedTo={year}-12-31&unitId={unit}", leader.Token);
        var alerts = await _api.GetAsync($"/api/alerts/summary?unitId={unit}", leader.Token);
        Assert.Equal(Number(performance["signedCount"]), await ShownAsync(page, "[data-kpi=signedCount] [data-value]"));
        Assert.Equal(Number(performance["signedAmount"]), await ShownAsync(page, "[data-kpi=signedAmount] [data-value]"));
        Assert.Equal(Number(funnel["stages"]!.AsArray().Single(s => s!["stage"]!.GetValue<string>() == "groundbreaking")!["reached"]),
            await ShownAsync(page, "[data-kpi=startedCount] [data-value]"));
        foreach (var figure in new[] { "signed", "started", "notStarted" })
        {
            Assert.Equal(Number(cohort[figure]), await ShownAsync(page, $"[data-section=cohort] [data-value={figure}]"));
        }

        foreach (var level in new[] { "red", "orange", "yellow" })
        {
            Assert.Equal(Number(alerts[level]), await ShownAsync(page, $"[data-section=alerts] [data-value={level}]"));
        }

        Assert.True(Number(alerts["red"]) > 0, "The data should give the cockpit a red alert to show.");
        await Expect(cockpit.Locator("[data-kpi=signedCount]")).ToContainTextAsync("目标 4 个");

        await page.GetByRole(AriaRole.Button, new() { Name = "查看未开工项目" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog).Locator("tbody tr")).ToHaveCountAsync((int)Number(cohort["notStarted"]));
        await Shots.SaveAsync(page, "cockpit-cohort");
    }

    [Fact]
    public async Task Bulletin_LeaderChoosesAQuarter_WordDocumentOfThatQuarterDownloaded()
    {
        var year = ApiData.Today.Year;
        var leader = await _api.PersonAsync(null, "赵副市长", "leader");
        var page = await server.PageAsync(token: leader.Token);
        await page.GotoAsync($"/cockpit?year={year}&quarter=2");
        await Expect(page.Locator(".cockpit[data-ready=true]")).ToBeVisibleAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = $"下载{year}年二季度通报" }).ClickAsync());

        Assert.Equal($"招商引资工作通报-{year}年第2季度.docx", download.SuggestedFilename);
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.docx");
        await download.SaveAsAsync(path);
        using (var document = ZipFile.OpenRead(path))
        {
            using var body = new StreamReader(document.GetEntry("word/document.xml")!.Open());
            Assert.Contains($"{year}年第2季度招商引资工作通报", await body.ReadToEndAsync());
        }

        File.Delete(path);
    }

    private static async Task<decimal> ShownAsync(IPage page, string selector) =>
        decimal.Parse((await page.Locator(selector).InnerTextAsync()).Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    private static decimal Number(JsonNode? value) => value!.GetValue<decimal>();
}
