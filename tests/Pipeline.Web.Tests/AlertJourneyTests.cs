using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Pipeline.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Pipeline.Web.Tests;

/// <summary>督办 from end to end: a leader instructs on a red alert, the responsible person answers, the leader reads it.</summary>
public class AlertJourneyTests(WorkspaceServer server)
{
    private readonly ApiData _api = new(server.Address);

    [Fact]
    public async Task RedAlert_LeaderInstructsResponsibleAnswers_LeaderSeesTheAnswer()
    {
        var (project, responsible, leader) = await RedAlertAsync();
        var leaderPage = await server.PageAsync(token: leader.Token);

        await leaderPage.GotoAsync("/alerts?level=red&view=mine");
        await Card(leaderPage, project).ClickAsync();
        await Expect(leaderPage.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex(Regex.Escape(project)) })).ToBeVisibleAsync();
        await leaderPage.GetByRole(AriaRole.Button, new() { Name = "督办" }).ClickAsync();
        await leaderPage.GetByLabel("督办要求").FillAsync("请于一周内报送开工计划，并说明未开工原因");
        await leaderPage.GetByRole(AriaRole.Button, new() { Name = "确定" }).ClickAsync();
        await Expect(leaderPage.Locator("[data-instruction]")).ToContainTextAsync("请于一周内报送开工计划");
        await Expect(leaderPage.Locator("[data-instruction]")).ToContainTextAsync("待责任人反馈");
        await Shots.SaveAsync(leaderPage, "alert-instructed");

        var responsiblePage = await server.PageAsync(token: responsible.Token);
        await responsiblePage.GotoAsync("/alerts");
        await responsiblePage.GetByText("待我答复").ClickAsync();
        await Expect(responsiblePage).ToHaveURLAsync(new Regex("view=awaiting"));
        await Shots.SaveAsync(responsiblePage, "alerts-awaiting-my-answer");
        await Card(responsiblePage, project).ClickAsync();
        await responsiblePage.GetByLabel("反馈内容").FillAsync("已约谈企业，计划下月十日开工");
        await responsiblePage.GetByRole(AriaRole.Button, new() { Name = "提交反馈" }).ClickAsync();
        await Expect(responsiblePage.Locator("[data-response]")).ToContainTextAsync("计划下月十日开工");

        await leaderPage.ReloadAsync();
        await Expect(leaderPage.Locator("[data-response]")).ToContainTextAsync("已约谈企业，计划下月十日开工");
        await Expect(leaderPage.GetByText("反馈督办", new() { Exact = true })).ToBeVisibleAsync();
        await Shots.SaveAsync(leaderPage, "alert-answered");
    }

    [Fact]
    public async Task AlertInbox_Phone_ListAndAlertWithoutSidewaysScrolling()
    {
        var (project, _, leader) = await RedAlertAsync();
        var page = await server.PageAsync(390, 844, leader.Token);

        await page.GotoAsync("/alerts?view=mine");
        var card = Card(page, project);
        await Expect(card).ToBeVisibleAsync();
        await AssertNoSidewaysScrollAsync(page);
        await Shots.SaveAsync(page, "phone-alerts");
        await card.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "督办" })).ToBeVisibleAsync();
        await AssertNoSidewaysScrollAsync(page);
        await Shots.SaveAsync(page, "phone-alert");
        await page.GetByRole(AriaRole.Button, new() { Name = "打开导航" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Link, new() { Name = "领导驾驶舱" }).ClickAsync();
        await Expect(page.Locator(".cockpit[data-ready=true]")).ToBeVisibleAsync();
        await AssertNoSidewaysScrollAsync(page);
        await Shots.SaveAsync(page, "phone-cockpit");
    }

    /// <summary>A project in a new unit, signed 200 days ago and not started: red 签约未开工 for its responsible person and leader.</summary>
    private async Task<(string Project, Person Responsible, Person Leader)> RedAlertAsync()
    {
        var unit = await _api.UnitAsync();
        var responsible = await _api.PersonAsync(unit, "张伟", "staff");
        var leader = await _api.PersonAsync(null, "陈副市长", "leader");
        var project = await _api.SignedAsync(unit, new { responsiblePersonId = responsible.Id, leaderId = leader.Id }, 200);
        await _api.ScanAsync();
        return (project["name"]!.GetValue<string>(), responsible, leader);
    }

    /// <summary>The project's 签约未开工 card (a project that owes monthly updates has a 月度调度未填报 one beside it).</summary>
    private static ILocator Card(IPage page, string project) =>
        page.Locator(".alert-card", new() { HasText = project }).Filter(new() { HasText = "签约未开工" });

    internal static async Task AssertNoSidewaysScrollAsync(IPage page)
    {
        var sizes = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.True(sizes[0] <= sizes[1], $"{page.Url} scrolls sideways: {sizes[0]} px of content in a {sizes[1]} px window.");
    }
}
