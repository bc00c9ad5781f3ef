using Microsoft.Playwright;
using Pipeline.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Pipeline.Web.Tests;

/// <summary>axe-core on every page of the workspace, at office and phone sizes: no serious or critical violation.</summary>
public class AccessibilityTests(WorkspaceServer server)
{
    private readonly ApiData _api = new(server.Address);

    [Theory]
    [InlineData(1366, 768)]
    [InlineData(390, 844)]
    public async Task EveryPage_Axe_NoSeriousOrCriticalViolation(int width, int height)
    {
        var unit = await _api.UnitAsync();
        var staff = await _api.PersonAsync(unit, "张伟", "staff");
        var leader = await _api.PersonAsync(null, "陈副市长", "leader");
        var project = await _api.SignedAsync(unit, new { responsiblePersonId = staff.Id, leaderId = leader.Id }, 200);
        await _api.ScanAsync();
        var alertId = (await _api.GetAsync($"/api/alerts?projectId={project["id"]}"))["items"]![0]!["id"]!.GetValue<long>();
        var size = $"{width}x{height}";

        var anonymous = await server.PageAsync(width, height);
        await anonymous.GotoAsync("/login");
        await CheckAsync(anonymous, anonymous.GetByRole(AriaRole.Button, new() { Name = "登录" }), $"login-{size}");

        var page = await server.PageAsync(width, height, leader.Token);
        var pages = new (string Path, string Name, Func<ILocator> Ready)[]
        {
            ("/cockpit", "cockpit", () => page.Locator(".cockpit[data-ready=true]")),
            ("/alerts", "alerts", () => page.Locator(".cards[data-ready=true]")),
            ($"/alerts/{alertId}", "alert", () => page.Locator(".facts")),
            ("/projects", "projects", () => page.Locator(".projects[data-ready=true]")),
            ($"/projects/{project["id"]}", "project", () => page.Locator(".facts")),
            ("/password", "password", () => page.GetByRole(AriaRole.Button, new() { Name = "保存新密码" })),
            ("/no-such-page", "not-found", () => page.GetByText("页面不存在")),
        };
        foreach (var (path, name, ready) in pages)
        {
            await page.GotoAsync(path);
            await CheckAsync(page, ready(), $"{name}-{size}");
        }

        var committee = await server.PageAsync(width, height, (await _api.PersonAsync(null, "孙委员", "committee")).Token);
        await committee.GotoAsync("/cockpit");
        await CheckAsync(committee, committee.GetByText("无权访问"), $"forbidden-{size}");
    }

    [Theory]
    [InlineData(1366, 768)]
    [InlineData(390, 844)]
    public async Task EveryWorkPage_Axe_NoSeriousOrCriticalViolation(int width, int height)
    {
        var unit = await _api.UnitAsync();
        var staff = await _api.PersonAsync(unit, "李娜", "staff");
        var chair = await _api.PersonAsync(null, ApiData.Unique("周主任"), "committee");
        var trip = await _api.PostAsync("/api/trips", new
        {
            purpose = "赴苏州对接装备制造项目", destination = "江苏省苏州市", startOn = ApiData.Date(3), endOn = ApiData.Date(4),
            participantIds = new[] { staff.Id }, targets = new[] { new { name = "苏州精工机械有限公司" } },
        }, staff.Token);
        var lead = await _api.PostAsync("/api/leads", new
        {
            title = ApiData.Unique("精密机床扩产"), companyName = "苏州精工机械有限公司", industryCode = "C35", estimatedInvestment = 30000m,
            content = "拟新建精密机床生产线", investorRequirements = "标准厂房两万平方米", contactName = "吴总", contactPhone = "13900000000", source = "other",
        }, staff.Token);
        var reviewed = await _api.ProjectAsync(unit, new { landMode = "newLand", landAreaMu = 50m }, talksDaysAgo: 20);
        var review = await _api.PostAsync($"/api/projects/{reviewed["id"]}/reviews", new
        {
            landAreaMu = 50m, fixedAssetInvestment = 25000m, annualOutput = 40000m, annualTax = 1800m, annualEnergyTce = 5000m, chairId = chair.Id,
        });
        var applying = await _api.ProjectAsync(unit, talksDaysAgo: 20);
        var owing = await _api.SignedAsync(unit, new { responsiblePersonId = staff.Id }, 200);
        var update = await _api.PostAsync($"/api/projects/{owing["id"]}/updates", new
        {
            month = DispatchJourneyTests.LastMonth, progress = "设备安装完成", nextSteps = "试生产", matters = new[] { new { text = "协调办理排污许可" } },
        }, staff.Token);
        await _api.AttachAsync($"/api/updates/{update["id"]}", DispatchJourneyTests.Photo, "现场.png", "sitePhoto", staff.Token);
        var size = $"{width}x{height}";

        var page = await server.PageAsync(width, height, await _api.TokenAsync("admin", WorkspaceServer.AdminPassword));
        var pages = new (string Path, string Name, Func<ILocator> Ready)[]
        {
            ("/trips", "trips", () => page.Locator(".cards[data-ready=true]")),
            ("/trips/new", "trip-form", () => page.GetByRole(AriaRole.Button, new() { Name = "提交报备" })),
            ($"/trips/{trip["id"]}", "trip", () => page.Locator(".facts")),
            ("/leads", "leads", () => page.Locator(".cards[data-ready=true]")),
            ("/leads/new", "lead-form", () => page.GetByRole(AriaRole.Button, new() { Name = "保存线索" })),
            ($"/leads/{lead["id"]}", "lead", () => page.Locator(".facts")),
            ("/reviews", "reviews", () => page.Locator(".cards[data-ready=true]")),
            ($"/reviews/{review["id"]}", "review", () => page.Locator(".facts")),
            ($"/projects/{applying["id"]}/review", "review-apply", () => page.GetByRole(AriaRole.Button, new() { Name = "提交预审申请" })),
            ("/reports/trips", "trip-report", () => page.Locator(".report[data-ready=true]")),
            ("/notifications", "notifications", () => page.Locator(".notifications[data-ready=true]")),
            ("/admin?tab=users", "admin-users", () => page.Locator(".users[data-ready=true]")),
            ("/admin?tab=units", "admin-units", () => page.Locator(".units[data-ready=true]")),
            ("/admin?tab=industries", "admin-industries", () => page.Locator(".inline-form")),
            ("/admin?tab=targets", "admin-targets", () => page.Locator(".targets[data-ready=true]")),
            ("/admin?tab=land", "admin-land", () => page.Locator(".land[data-ready=true]")),
            ("/admin?tab=calendar", "admin-calendar", () => page.Locator(".month-grid[data-ready=true]")),
            ("/admin?tab=alertRules", "admin-alert-rules", () => page.Locator(".rules[data-ready=true]")),
            ("/admin?tab=review", "admin-review", () => page.Locator(".standard").First),
            ("/dispatch?tab=updates", "dispatch-updates", () => page.Locator(".owed[data-ready=true]")),
            ("/dispatch?tab=matters&view=all", "dispatch-matters", () => page.Locator(".matters[data-ready=true]")),
            ($"/dispatch?tab=sheet&unitId={unit}", "dispatch-sheet", () => page.Locator(".sheet-tab[data-ready=true] [data-unit]")),
            ($"/projects/{owing["id"]}/updates/new", "update-form", () => page.GetByRole(AriaRole.Button, new() { Name = "提交调度" })),
            ($"/projects/{owing["id"]}/updates/{update["id"]}", "update", () => page.Locator("img[data-thumbnail]")),
            ($"/print/dispatch-sheet?unitId={unit}", "print-dispatch-sheet", () => page.Locator("[data-print-ready=true]")),
            ($"/print/reviews/{review["id"]}", "print-review", () => page.Locator("[data-print-ready=true]")),
            ($"/print/trips/{trip["id"]}", "print-trip", () => page.Locator("[data-print-ready=true]")),
        };
        foreach (var (path, name, ready) in pages)
        {
            await page.GotoAsync(path);
            await CheckAsync(page, ready(), $"{name}-{size}");
        }

        // 三员分立: the audit log is the auditor's alone.
        var auditor = await server.PageAsync(width, height, (await _api.PersonAsync(null, "吴审计", "auditor")).Token);
        await auditor.GotoAsync("/audit");
        await CheckAsync(auditor, auditor.Locator(".audit[data-ready=true]"), $"audit-{size}");
    }

    private static async Task CheckAsync(IPage page, ILocator ready, string name)
    {
        await Expect(ready).ToBeVisibleAsync();
        await Shots.SaveAsync(page, $"axe-{name}");
        await Shots.AssertAccessibleAsync(page, name);
    }
}
