using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Pipeline.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Pipeline.Web.Tests;

/// <summary>
/// The paper a bureau signs: each print page rendered to PDF by Chromium, read back with poppler's pdftotext and pdfinfo,
/// holds its title and figures on whole A4 pages, with nothing of the workspace's navigation and its last line (the
/// signatures) still there.
/// </summary>
public class PrintTests(WorkspaceServer server)
{
    private readonly ApiData _api = new(server.Address);

    [Fact]
    public async Task ReviewSheet_DecidedReview_PdfHoldsFiguresEverySheetAndTheDecision()
    {
        var unit = await _api.UnitAsync();
        var members = new List<Person>();
        foreach (var name in new[] { "刘委员", "孙委员", "周主任" })
        {
            members.Add(await _api.PersonAsync(null, ApiData.Unique(name), "committee"));
        }

        var project = await _api.ProjectAsync(unit, new { industryCode = "C39", landMode = "newLand", landAreaMu = 60m, totalInvestment = 36000m }, talksDaysAgo: 30);
        var review = await _api.PostAsync($"/api/projects/{project["id"]}/reviews", new
        {
            landAreaMu = 60m, fixedAssetInvestment = 30000m, annualOutput = 45000m, annualTax = 2000m, annualEnergyTce = 9000m, employees = 300,
            chairId = members[2].Id,
        });
        var path = $"/api/reviews/{review["id"]}";
        var rubric = (await _api.GetAsync("/api/review-rubric"))["criteria"]!.AsArray()
            .Select(c => (Code: c!["code"]!.GetValue<string>(), Weight: c["weight"]!.GetValue<decimal>())).ToList();
        foreach (var (member, total) in members.Zip([90m, 80m, 85m]))
        {
            var scores = ReviewJourneyTests.Points(rubric, total).ToDictionary(p => p.Code, p => p.Points);
            await _api.PutAsync($"{path}/scores/me", new { scores, vote = "approve" }, member.Token);
        }

        await _api.PostAsync($"{path}/decision", new { }, members[2].Token);
        var page = await server.PageAsync(token: members[2].Token);

        var pdf = await PrintAsync(page, $"/print/reviews/{review["id"]}", "review-sheet");

        Assert.Contains("项目预审评分表", pdf.Text);
        Assert.Contains(project["name"]!.GetValue<string>(), pdf.Text);
        Assert.Contains("投资强度", pdf.Text);
        Assert.Matches(@"500(\.00)?", pdf.Text);
        foreach (var member in members)
        {
            Assert.Contains(member.DisplayName, pdf.Text);
        }

        Assert.Contains("85 分", pdf.Text);
        Assert.Matches("A ?类", pdf.Text);
        Assert.Contains("主任委员签字", pdf.Text);
        Assert.InRange(pdf.Pages, 1, 2);
    }

    [Fact]
    public async Task TripForm_ApprovedTrip_PdfOnOnePageWithTargetsAndApproval()
    {
        var unit = await _api.UnitAsync();
        var staff = await _api.PersonAsync(unit, "李娜", "staff");
        var head = await _api.PersonAsync(unit, "赵局长", "staff");
        await _api.MakeHeadAsync(unit, head);
        var target = $"{ApiData.Unique("澜海")}新能源科技有限公司";
        var trip = await _api.PostAsync("/api/trips", new
        {
            purpose = "赴深圳对接新能源电池项目", destination = "广东省深圳市", startOn = ApiData.Date(3), endOn = ApiData.Date(5),
            participantIds = new[] { staff.Id }, targets = new[] { new { name = target } },
        }, staff.Token);
        await _api.PostAsync($"/api/trips/{trip["id"]}/approve", new { comment = "注意收集企业用地需求" }, head.Token);
        var page = await server.PageAsync(token: staff.Token);

        var pdf = await PrintAsync(page, $"/print/trips/{trip["id"]}", "trip-form");

        Assert.Contains("外出招商报备单", pdf.Text);
        Assert.Contains("赴深圳对接新能源电池项目", pdf.Text);
        Assert.Contains(target, pdf.Text);
        Assert.Contains("李娜", pdf.Text);
        Assert.Contains("注意收集企业用地需求", pdf.Text);
        Assert.Contains("共 3 天", pdf.Text);
        Assert.Contains("单位负责人签字", pdf.Text);
        Assert.Equal(1, pdf.Pages);
    }

    [Fact]
    public async Task InstructionNotice_InstructionOnRedAlert_PdfOnOnePageWithRequirementAndDueDate()
    {
        var unit = await _api.UnitAsync();
        var responsible = await _api.PersonAsync(unit, "张伟", "staff");
        var leader = await _api.PersonAsync(null, "陈副市长", "leader");
        var project = await _api.SignedAsync(unit, new { responsiblePersonId = responsible.Id, leaderId = leader.Id }, 200);
        await _api.ScanAsync();
        var alertId = (await _api.GetAsync($"/api/alerts?projectId={project["id"]}"))["items"]![0]!["id"]!.GetValue<long>();
        var dueOn = ApiData.Date(7);
        var alert = await _api.PostAsync($"/api/alerts/{alertId}/instructions", new { text = "请于一周内报送开工计划", dueOn }, leader.Token);
        var instructionId = alert["instructions"]!.AsArray().Last()!["id"]!.GetValue<long>();
        var page = await server.PageAsync(token: leader.Token);

        var pdf = await PrintAsync(page, $"/print/alerts/{alertId}/instructions/{instructionId}", "instruction-notice");

        Assert.Contains("督办通知单", pdf.Text);
        Assert.Contains(project["name"]!.GetValue<string>(), pdf.Text);
        Assert.Contains("请于一周内报送开工计划", pdf.Text);
        Assert.Contains($"{dueOn} 前", pdf.Text);
        Assert.Contains("陈副市长", pdf.Text);
        Assert.Contains("责任人签收", pdf.Text);
        Assert.Equal(1, pdf.Pages);
    }

    [Fact]
    public async Task DispatchSheet_UnitWithFiledAndMissingUpdates_LandscapePdfWithEachProject()
    {
        var unit = await _api.UnitAsync();
        var staff = await _api.PersonAsync(unit, "李娜", "staff");
        var filed = await _api.SignedAsync(unit, new { responsiblePersonId = staff.Id }, 200);
        var missing = await _api.SignedAsync(unit, new { responsiblePersonId = staff.Id }, 100);
        await _api.PostAsync($"/api/projects/{filed["id"]}/updates", new
        {
            month = DispatchJourneyTests.LastMonth, progress = "主体厂房封顶", problems = "用电增容未批复", nextSteps = "设备进场", investment = 800m,
        }, staff.Token);
        var page = await server.PageAsync(token: staff.Token);

        var pdf = await PrintAsync(page, $"/print/dispatch-sheet?month={DispatchJourneyTests.LastMonth}&unitId={unit}", "dispatch-sheet", landscape: true);

        Assert.Contains("项目调度表", pdf.Text);
        Assert.Contains(filed["name"]!.GetValue<string>(), pdf.Text);
        Assert.Contains(missing["name"]!.GetValue<string>(), pdf.Text);
        Assert.Contains("主体厂房封顶", pdf.Text);
        Assert.Contains("用电增容未批复", pdf.Text);
        Assert.Contains("未报", pdf.Text);
        Assert.Contains("800", pdf.Text);
        Assert.Contains("审核人", pdf.Text);
        Assert.Equal(1, pdf.Pages);
    }

    private sealed record Pdf(string Text, int Pages);

    /// <summary>Opens a print page, waits for its data, prints it to PDF as Chromium's print dialog would (A4 as the page's CSS says, portrait or landscape) and reads it back.</summary>
    private static async Task<Pdf> PrintAsync(IPage page, string path, string name, bool landscape = false)
    {
        Assert.SkipUnless(File.Exists("/usr/bin/pdftotext"), "poppler-utils is not installed (apt-get install poppler-utils; .ci/run does).");
        await page.GotoAsync(path);
        await Expect(page.Locator("[data-print-ready=true]")).ToBeVisibleAsync();
        await Shots.SaveAsync(page, $"print-{name}");
        var file = Path.Combine(Shots.Folder, $"print-{name}.pdf");
        await page.PdfAsync(new() { Path = file, PreferCSSPageSize = true, PrintBackground = true });

        var text = await RunAsync("pdftotext", "-layout", file, "-");
        Assert.DoesNotContain("打印 / 另存为 PDF", text);
        Assert.DoesNotContain("项目库", text);
        var info = await RunAsync("pdfinfo", file);
        var size = Regex.Match(info, @"Page size:\s+([\d.]+) x ([\d.]+) pts");
        Assert.Equal(landscape ? (842, 595) : (595, 842), ((int)Math.Round(double.Parse(size.Groups[1].Value, CultureInfo.InvariantCulture)),
            (int)Math.Round(double.Parse(size.Groups[2].Value, CultureInfo.InvariantCulture))));
        var pages = int.Parse(Regex.Match(info, @"Pages:\s+(\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        return new Pdf(Regex.Replace(text, @"[ \t]+", " "), pages);
    }

    private static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program}: {await error}");
        return await output;
    }
}
