using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Pipeline.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Pipeline.Web.Tests;

/// <summary>An admin's settings in the browser: a unit, a user, a target, working days, and a holiday that an alert counts.</summary>
public class AdminJourneyTests(WorkspaceServer server)
{
    private readonly ApiData _api = new(server.Address);

    [Fact]
    public async Task Admin_CreatesUnitAndUserSetsTargetMarksHoliday_WorkingDayAlertCountDrops()
    {
        var home = await _api.UnitAsync();
        var project = await _api.ProjectAsync(home, talksDaysAgo: 100);
        await _api.ScanAsync();
        var alertId = (await _api.GetAsync($"/api/alerts?projectId={project["id"]}&ruleCode=talksIdle"))["items"]![0]!["id"]!.GetValue<long>();
        var unitName = ApiData.Unique("青山镇");
        var userName = ApiData.Unique("user.");
        var page = await server.PageAsync(token: await _api.TokenAsync("admin", WorkspaceServer.AdminPassword));

        await page.GotoAsync("/admin?tab=units");
        await page.GetByLabel("新单位名称").FillAsync(unitName);
        await page.GetByRole(AriaRole.Button, new() { Name = "新建单位" }).ClickAsync();
        await Expect(page.Locator(".units").GetByText(unitName, new() { Exact = true })).ToBeVisibleAsync();
        await Shots.SaveAsync(page, "admin-units");

        await page.GetByRole(AriaRole.Tab, new() { Name = "用户" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "新建用户" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("登录名").FillAsync(userName);
        await dialog.GetByLabel("姓名").FillAsync("钱专员");
        await dialog.GetByLabel("初始密码").FillAsync(ApiData.Password);
        await Forms.PickAsync(page, "#user-unit", unitName, unitName);
        await dialog.GetByLabel("邮箱（邮件通知）").FillAsync("qian@example.cn");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(page.Locator(".users").GetByText(userName)).ToBeVisibleAsync();
        await Expect(page.Locator(".users tr", new() { HasText = userName })).ToContainTextAsync(unitName);
        await Shots.SaveAsync(page, "admin-users");
        Assert.NotNull(await _api.TokenAsync(userName, ApiData.Password));

        await page.GetByRole(AriaRole.Tab, new() { Name = "年度目标" }).ClickAsync();
        await page.GetByLabel($"{unitName}签约个数").FillAsync("6");
        await page.GetByLabel($"{unitName}签约金额").FillAsync("120000");
        await page.GetByLabel($"{unitName}开工个数").FillAsync("4");
        await page.GetByRole(AriaRole.Button, new() { Name = $"保存{unitName}目标" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(unitName);
        var targets = (await _api.GetAsync($"/api/unit-targets?year={ApiData.Today.Year}")).AsArray();
        var target = targets.Single(t => t!["unitName"]!.GetValue<string>() == unitName)!;
        Assert.Equal((6, 120000m, 4), (target["signedCount"]!.GetValue<int>(), target["signedAmount"]!.GetValue<decimal>(), target["startedCount"]!.GetValue<int>()));

        await page.GetByRole(AriaRole.Tab, new() { Name = "预警规则" }).ClickAsync();
        await page.GetByRole(AriaRole.Combobox, new() { Name = "洽谈无进展计日方式" }).ClickAsync(new() { Force = true });
        await page.GetByRole(AriaRole.Option, new() { Name = "工作日", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "保存洽谈无进展" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("洽谈无进展");
        await Shots.SaveAsync(page, "admin-alert-rules");

        var before = await DaysAsync(page, alertId);
        var holiday = ApiData.Today.AddDays(-1);
        while (holiday.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            holiday = holiday.AddDays(-1);
        }

        await page.GotoAsync("/admin?tab=calendar");
        if (holiday.Month != ApiData.Today.Month)
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "上个月" }).ClickAsync();
        }

        var day = holiday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await page.Locator($"[data-day='{day}']").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByLabel("名称").FillAsync("测试假日");
        await page.GetByRole(AriaRole.Button, new() { Name = "设为节假日" }).ClickAsync();
        await Expect(page.Locator($"[data-day='{day}']")).ToHaveAccessibleNameAsync(new Regex("节假日 测试假日"));
        await Shots.SaveAsync(page, "admin-calendar");

        Assert.Equal(before - 1, await DaysAsync(page, alertId));
        await Shots.SaveAsync(page, "admin-alert-after-holiday");
    }

    /// <summary>The days an alert has lasted, as its page says ("自 … 起 N 天").</summary>
    private static async Task<int> DaysAsync(IPage page, long alertId)
    {
        await page.GotoAsync($"/alerts/{alertId}");
        var lasting = page.Locator(".facts").GetByText(new Regex(@"起 \d+ 天"));
        await Expect(lasting).ToBeVisibleAsync();
        return int.Parse(Regex.Match(await lasting.InnerTextAsync(), @"起 (\d+) 天").Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
