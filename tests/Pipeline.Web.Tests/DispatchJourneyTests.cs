using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MiniExcelLibs;
using Pipeline.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Pipeline.Web.Tests;

/// <summary>月度调度 in the browser: staff file a month's update on a phone with a site photo; a leader assigns the matter it raised, the unit answers, the leader closes it.</summary>
public class DispatchJourneyTests(WorkspaceServer server)
{
    /// <summary>A 1×1 PNG: enough for the API to tell an image from its content and for the page to draw its thumbnail.</summary>
    internal static readonly byte[] Photo = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private readonly ApiData _api = new(server.Address);

    /// <summary>Last month, yyyy-MM: the month whose update is owed now.</summary>
    internal static string LastMonth => ApiData.Today.AddMonths(-1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task MonthlyUpdate_FiledOnPhoneWithSitePhoto_ThumbnailShownAndMatterRaised()
    {
        var unit = await _api.UnitAsync();
        var staff = await _api.PersonAsync(unit, "李娜", "staff");
        var leader = await _api.PersonAsync(null, "陈副市长", "leader");
        var project = await _api.SignedAsync(unit, new { responsiblePersonId = staff.Id, leaderId = leader.Id }, 200);
        var name = project["name"]!.GetValue<string>();
        var phone = await server.PageAsync(390, 844, staff.Token);

        await phone.GotoAsync("/dispatch");
        var owed = phone.Locator("[data-owed]", new() { HasText = name });
        // Before the due day (the 5th) it is owed, after it overdue; once filed, on time or late.
        await Expect(owed).ToContainTextAsync(new Regex("待填报|逾期未报"));
        await AlertJourneyTests.AssertNoSidewaysScrollAsync(phone);
        await Shots.SaveAsync(phone, "phone-dispatch-owed");
        await owed.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^填报") }).ClickAsync();
        await Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "填报月度调度" })).ToBeVisibleAsync();
        await Expect(phone.Locator(".page")).ToContainTextAsync(name);
        await phone.GetByLabel("本月进展").FillAsync("主体厂房封顶，设备采购合同已签订");
        await phone.GetByLabel("存在问题（可空）").FillAsync("施工用电增容尚未批复");
        await phone.GetByLabel("下步计划").FillAsync("下月完成设备安装");
        await phone.GetByRole(AriaRole.Button, new() { Name = "添加需协调事项" }).ClickAsync();
        await phone.GetByLabel("事项 1", new() { Exact = true }).FillAsync("协调供电公司加快用电增容审批");
        await phone.GetByLabel("本月完成投资（万元）").FillAsync("1200");
        await phone.Locator("#update-photos").SetInputFilesAsync(new FilePayload { Name = "现场照片.png", MimeType = "image/png", Buffer = Photo });
        await Expect(phone.Locator(".chosen")).ToContainTextAsync("现场照片.png");
        await AlertJourneyTests.AssertNoSidewaysScrollAsync(phone);
        await Shots.SaveAsync(phone, "phone-dispatch-form");
        await phone.GetByRole(AriaRole.Button, new() { Name = "提交调度" }).ClickAsync();

        await Expect(phone).ToHaveURLAsync(new Regex($@"/projects/{project["id"]}/updates/\d+$"));
        var thumbnail = phone.Locator("[data-attachment][data-kind=sitePhoto] img[data-thumbnail]");
        await Expect(thumbnail).ToBeVisibleAsync();
        Assert.True(await thumbnail.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), "The thumbnail did not load.");
        await Expect(phone.Locator("[data-update]")).ToContainTextAsync("主体厂房封顶");
        await Expect(phone.Locator(".matters")).ToContainTextAsync("协调供电公司加快用电增容审批");
        await AlertJourneyTests.AssertNoSidewaysScrollAsync(phone);
        await Shots.SaveAsync(phone, "phone-dispatch-filed");

        var updateId = long.Parse(phone.Url.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        var files = (await _api.GetAsync($"/api/updates/{updateId}/attachments")).AsArray();
        Assert.Equal(("sitePhoto", "现场照片.png", true), (files.Single()!["kind"]!.GetValue<string>(), files.Single()!["fileName"]!.GetValue<string>(),
            files.Single()!["isImage"]!.GetValue<bool>()));
        var update = (await _api.GetAsync($"/api/projects/{project["id"]}/updates")).AsArray().Single()!;
        Assert.Equal((LastMonth, 1200m, 1), (update["month"]!.GetValue<string>(), update["investment"]!.GetValue<decimal>(), update["matters"]!.AsArray().Count));

        await phone.GotoAsync("/dispatch");
        await Expect(phone.Locator("[data-owed]", new() { HasText = name })).ToContainTextAsync(new Regex("已填报|逾期补报"));
    }

    [Fact]
    public async Task Matter_LeaderAssignsUnitAnswersLeaderCloses_ClosedWithTheAnswer()
    {
        var unit = await _api.UnitAsync();
        var staff = await _api.PersonAsync(unit, "李娜", "staff");
        var leader = await _api.PersonAsync(null, "陈副市长", "leader");
        var departmentName = ApiData.Unique("自然资源局");
        var department = await _api.UnitAsync(departmentName);
        var clerk = await _api.PersonAsync(department, "周科长", "staff");
        var project = await _api.SignedAsync(unit, new { responsiblePersonId = staff.Id, leaderId = leader.Id }, 200);
        var text = ApiData.Unique("协调用地报批：");
        await _api.PostAsync($"/api/projects/{project["id"]}/updates", new
        {
            month = LastMonth, progress = "完成场地平整", nextSteps = "办理用地手续", matters = new[] { new { text } },
        }, staff.Token);
        var matterId = (await _api.GetAsync($"/api/matters?projectId={project["id"]}"))["items"]![0]!["id"]!.GetValue<long>();
        var page = await server.PageAsync(token: leader.Token);

        await page.GotoAsync("/dispatch");
        var card = page.Locator($"[data-matter]", new() { HasText = text });
        await Expect(card).ToHaveAttributeAsync("data-matter-status", "raised");
        await Forms.PickAsync(page, $"#matter-unit-{matterId}", departmentName, departmentName);
        await Shots.SaveAsync(page, "matter-assigning");
        await card.GetByRole(AriaRole.Button, new() { Name = "交办" }).ClickAsync();
        await Expect(card).ToHaveAttributeAsync("data-matter-status", "assigned");
        await Expect(card).ToContainTextAsync($"交办 {departmentName}");

        var clerkPage = await server.PageAsync(token: clerk.Token);
        await clerkPage.GotoAsync("/dispatch?tab=matters");
        var assigned = clerkPage.Locator("[data-matter]", new() { HasText = text });
        await assigned.GetByLabel("办理情况").FillAsync("已完成用地预审，报批材料已报省厅");
        await assigned.GetByRole(AriaRole.Button, new() { Name = "提交反馈" }).ClickAsync();
        await Expect(assigned).ToHaveAttributeAsync("data-matter-status", "answered");
        await Shots.SaveAsync(clerkPage, "matter-answered");

        await page.ReloadAsync();
        await Expect(card.Locator("[data-answer]")).ToContainTextAsync("报批材料已报省厅");
        await card.GetByRole(AriaRole.Button, new() { Name = "办结" }).ClickAsync();
        await Expect(card).ToHaveAttributeAsync("data-matter-status", "closed");
        await Expect(card.Locator("[data-status]")).ToHaveTextAsync("已办结");
        await Shots.SaveAsync(page, "matter-closed");

        var matter = await _api.GetAsync($"/api/matters/{matterId}");
        Assert.Equal(("closed", departmentName), (matter["status"]!.GetValue<string>(), matter["unitName"]!.GetValue<string>()));
    }

    [Fact]
    public async Task DispatchSheet_UnitChosenAndExported_PageAndExcelShowFiledAndMissing()
    {
        var unitName = ApiData.Unique("城东街道");
        var unit = await _api.UnitAsync(unitName);
        var staff = await _api.PersonAsync(unit, "李娜", "staff");
        var filed = await _api.SignedAsync(unit, new { responsiblePersonId = staff.Id }, 200);
        var missing = await _api.SignedAsync(unit, new { responsiblePersonId = staff.Id }, 90);
        await _api.PostAsync($"/api/projects/{filed["id"]}/updates", new { month = LastMonth, progress = "厂房主体完工", nextSteps = "设备进场" }, staff.Token);
        var page = await server.PageAsync(token: staff.Token);

        await page.GotoAsync($"/dispatch?tab=sheet&month={LastMonth}");
        await Forms.PickAsync(page, ".sheet-tab input[aria-label=单位]", unitName, unitName);
        var block = page.Locator("[data-unit]", new() { HasText = unitName });
        await Expect(page).ToHaveURLAsync(new Regex($"tab=sheet.*unitId={unit}"));
        await Expect(block).ToBeVisibleAsync();
        await Expect(block).ToContainTextAsync("2 个项目，未报 1 个");
        await Expect(block.Locator($"[data-line='{filed["id"]}']")).ToContainTextAsync("厂房主体完工");
        await Expect(block.Locator($"[data-line='{missing["id"]}'] [data-missing]")).ToHaveTextAsync("未报");
        await Shots.SaveAsync(page, "dispatch-sheet");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "导出 Excel" }).ClickAsync());
        Assert.Equal($"调度表-{LastMonth}.xlsx", download.SuggestedFilename);
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.xlsx");
        await download.SaveAsAsync(path);
        // Row 1 is the sheet's title (调度表 and its month), as every export has; the headers are on row 2.
        var rows = MiniExcel.Query(path, useHeaderRow: true, startCell: "A2").Cast<IDictionary<string, object>>().ToList();
        File.Delete(path);
        var filedBy = rows.ToDictionary(r => r["项目名称"]!.ToString()!, r => (r["责任单位"]?.ToString(), r["是否填报"]?.ToString()));
        Assert.Equal((unitName, "是"), filedBy[filed["name"]!.GetValue<string>()]);
        Assert.Equal((unitName, "否"), filedBy[missing["name"]!.GetValue<string>()]);
    }
}
