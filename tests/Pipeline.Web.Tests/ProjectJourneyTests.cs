using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MiniExcelLibs;
using Pipeline.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Pipeline.Web.Tests;

/// <summary>Staff at work in the project library: the ledger import, and a signing the review gate refuses.</summary>
public class ProjectJourneyTests(WorkspaceServer server)
{
    private readonly ApiData _api = new(server.Address);

    [Fact]
    public async Task LedgerImport_BadRowFixed_ProblemByRowAndColumnThenImported()
    {
        var unitName = ApiData.Unique("北湖镇");
        var staff = await _api.PersonAsync(await _api.UnitAsync(unitName), "李娜", "staff");
        var (good, fixable) = (ApiData.Unique("新能源电池项目"), ApiData.Unique("精密模具项目"));
        var bad = Ledger(unitName, (good, "52000"), (fixable, "一大笔"));
        var page = await server.PageAsync(token: staff.Token);

        await page.GotoAsync("/projects");
        await page.GetByRole(AriaRole.Button, new() { Name = "导入台账" }).ClickAsync();
        await page.Locator("[data-ledger-file]").SetInputFilesAsync(bad);
        await page.GetByRole(AriaRole.Button, new() { Name = "检查" }).ClickAsync();
        var problems = page.Locator("[data-import-problems]");
        await Expect(problems).ToContainTextAsync("总投资(万元)");
        await Expect(problems.Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(problems.Locator("tbody tr").First).ToContainTextAsync("3");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "正式导入" })).ToBeDisabledAsync();
        await Shots.SaveAsync(page, "import-problem");

        await page.Locator("[data-ledger-file]").SetInputFilesAsync(Ledger(unitName, (good, "52000"), (fixable, "8000")));
        await page.GetByRole(AriaRole.Button, new() { Name = "检查" }).ClickAsync();
        await Expect(page.GetByText("检查通过")).ToContainTextAsync("将新建 2 个项目");
        await page.GetByRole(AriaRole.Button, new() { Name = "正式导入" }).ClickAsync();
        await Expect(page.Locator("[data-import-done]")).ToContainTextAsync("新建 2 个项目");
        await Shots.SaveAsync(page, "import-done");
        await page.Keyboard.PressAsync("Escape");

        await page.GetByLabel("搜索项目").FillAsync(fixable);
        await page.GetByLabel("搜索项目").PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("q="));
        await Expect(page.Locator(".projects tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator(".projects tbody tr").First).ToContainTextAsync("8,000");
        await Expect(page.Locator(".projects tbody tr").First).ToContainTextAsync("洽谈");
        await Shots.SaveAsync(page, "projects");
    }

    [Fact]
    public async Task Signing_WithoutPassedReview_RefusalShownAndStageKept()
    {
        var unit = await _api.UnitAsync();
        var staff = await _api.PersonAsync(unit, "王强", "staff");
        var project = await _api.ProjectAsync(unit, new { landMode = "newLand", landAreaMu = 80m, responsiblePersonId = staff.Id }, talksDaysAgo: 60);
        project = await _api.MoveAsync(project, new { to = "preReview", on = ApiData.Date(-20) });
        var page = await server.PageAsync(token: staff.Token);

        await page.GotoAsync($"/projects/{project["id"]}");
        await page.GetByRole(AriaRole.Button, new() { Name = "转入签约" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "确定" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Alert)).ToContainTextAsync("签约前须通过预审");
        await Shots.SaveAsync(page, "signing-refused");
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.Locator(".head")).ToContainTextAsync("预审");
        await page.GetByRole(AriaRole.Tab, new() { Name = "阶段历程" }).ClickAsync();
        await Expect(page.GetByText("洽谈 → 预审")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "走访活动" }).ClickAsync();
        await page.GetByLabel("内容").FillAsync("赴企业总部对接预审材料");
        await page.GetByRole(AriaRole.Button, new() { Name = "添加活动" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "赴企业总部对接预审材料" })).ToBeVisibleAsync();
        await Shots.SaveAsync(page, "project");
    }

    /// <summary>A ledger (.xlsx) with the required columns, one project per row, in the given unit.</summary>
    private static string Ledger(string unitName, params (string Name, string Total)[] projects)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("ledger-").FullName, "项目台账.xlsx");
        MiniExcel.SaveAs(path, projects.Select(p => new Dictionary<string, object>
        {
            ["项目名称"] = p.Name,
            ["所属产业"] = "C35",
            ["总投资(万元)"] = p.Total,
            ["责任单位"] = unitName,
        }));
        return path;
    }
}
