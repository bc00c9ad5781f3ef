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

    private static async Task CheckAsync(IPage page, ILocator ready, string name)
    {
        await Expect(ready).ToBeVisibleAsync();
        await Shots.SaveAsync(page, $"axe-{name}");
        await Shots.AssertAccessibleAsync(page, name);
    }
}
