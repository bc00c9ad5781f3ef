using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Pipeline.Api.Tests.Infrastructure;
using Pipeline.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Pipeline.Web.Tests;

/// <summary>登录, the session's end, the first admin's new password, and what each role's navigation holds.</summary>
public partial class SignInTests(WorkspaceServer server)
{
    private readonly ApiData _api = new(server.Address);

    [Fact]
    public async Task SignIn_WrongPasswordThenRight_ApiMessageThenLeaderLandsOnCockpit()
    {
        var leader = await _api.PersonAsync(null, "陈副市长", "leader");
        var apiWords = await ApiRefusalAsync();
        var page = await server.PageAsync();

        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(LoginPage());
        await page.GetByLabel("用户名").FillAsync(leader.UserName);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync("Wrong-Pass-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(apiWords);
        await Shots.SaveAsync(page, "login-refused");
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync(leader.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/cockpit$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "领导驾驶舱" })).ToBeVisibleAsync();
        await Expect(page.Locator("header.top")).ToContainTextAsync("陈副市长");
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "主导航" }).First).ToContainTextAsync("预警督办");
    }

    [Fact]
    public async Task Session_TokenRevoked_BackToLoginWithExpiredMessage()
    {
        var staff = await _api.PersonAsync(await _api.UnitAsync(), "王强", "staff");
        var page = await server.PageAsync(token: staff.Token);
        await page.GotoAsync("/projects");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "项目库" })).ToBeVisibleAsync();

        // A password change elsewhere revokes every token issued before it.
        var changed = await _api.Client(staff.Token).PostAsJsonAsync("/api/me/password", new { currentPassword = staff.Password, newPassword = "Another-Pass-456" });
        changed.EnsureSuccessStatusCode();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "主导航" }).First.GetByRole(AriaRole.Link, new() { Name = "预警督办" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/login\\?expired=1"));
        await Expect(page.GetByText("登录已过期，请重新登录")).ToBeVisibleAsync();
        await Shots.SaveAsync(page, "login-expired");
    }

    [Fact]
    public async Task FirstSignIn_GeneratedAdminPassword_AsksForANewOneFirst()
    {
        var data = Directory.CreateTempSubdirectory("pipeline-first-").FullName;
        try
        {
            var settings = WorkspaceServer.Settings(data);
            settings["Pipeline:Bootstrap:AdminPassword"] = "";
            await using var app = await AppProcess.StartAsync(settings, TestContext.Current.CancellationToken);
            var generated = GeneratedPassword().Match(app.Output).Groups[1].Value;
            var page = await server.PageAsync();
            await page.GotoAsync(new Uri(app.Address, "/login").ToString());

            await page.GetByLabel("用户名").FillAsync("admin");
            await page.GetByLabel("密码", new() { Exact = true }).FillAsync(generated);
            await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/password"));
            await Expect(page.GetByText("系统首次启动时生成的密码")).ToBeVisibleAsync();
            await Shots.SaveAsync(page, "password-first-sign-in");
            await page.GetByLabel("当前密码").FillAsync(generated);
            await page.GetByLabel("新密码", new() { Exact = true }).FillAsync("Chosen-Admin-Pass-1");
            await page.GetByLabel("再次输入新密码").FillAsync("Chosen-Admin-Pass-1");
            await page.GetByRole(AriaRole.Button, new() { Name = "保存新密码" }).ClickAsync();

            await Expect(page).ToHaveURLAsync(new Regex("/cockpit$"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "领导驾驶舱" })).ToBeVisibleAsync();
            await page.Context.CloseAsync();
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Navigation_Committee_PreReviewAndTheLibraryOnlyAndTheCockpitSaysForbidden()
    {
        var member = await _api.PersonAsync(null, "刘委员", "committee");
        var page = await server.PageAsync(token: member.Token);

        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/reviews$"));
        var navigation = page.GetByRole(AriaRole.Navigation, new() { Name = "主导航" }).First;
        await Expect(navigation.GetByRole(AriaRole.Link)).ToHaveTextAsync(["预审", "项目库"]);
        await page.GotoAsync("/cockpit");
        await Expect(page.GetByText("无权访问")).ToBeVisibleAsync();
        await Shots.SaveAsync(page, "forbidden");
        await page.GotoAsync("/no-such-page");
        await Expect(page.GetByText("页面不存在")).ToBeVisibleAsync();
        await Shots.SaveAsync(page, "not-found");
    }

    /// <summary>What the API says to a wrong password: the same words for every failure, so one unknown user tells.</summary>
    private async Task<string> ApiRefusalAsync()
    {
        using var anonymous = new HttpClient { BaseAddress = server.Address };
        var response = await anonymous.PostAsJsonAsync("/api/auth/token", new { userName = ApiData.Unique("nobody."), password = "Wrong-Pass-1" });
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>();
    }

    private static Regex LoginPage() => new("/login");

    [GeneratedRegex("generated password (\\S+)")]
    private static partial Regex GeneratedPassword();
}
