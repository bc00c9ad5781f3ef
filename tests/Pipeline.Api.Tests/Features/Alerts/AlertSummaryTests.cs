using System.Net.Http.Json;
using Pipeline.Api.Features.Alerts;
using Pipeline.Api.Hosting;
using Pipeline.Api.Tests.Infrastructure;
using Pipeline.Domain.Alerts;

namespace Pipeline.Api.Tests.Features.Alerts;

/// <summary>What the workspace's cockpit and alert inbox ask of the alerts: a unit's alerts, one rule's, and the summary by level.</summary>
public class AlertSummaryTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task Summary_UnitWithAlerts_CountsUnresolvedByLevelAndNewestRedFirst()
    {
        var subjects = new AlertSubjects(_api, factory.Today);
        var (unit, person) = await subjects.OwnersAsync();
        var oldRed = await subjects.SignedAsync(unit, person, 200, landMode: "existingBuilding");
        await subjects.SignedAsync(unit, person, 100, landMode: "existingBuilding");
        await factory.ScanAsync();
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        var newRed = await subjects.SignedAsync(unit, person, 190, landMode: "existingBuilding");
        await factory.ScanAsync();
        var admin = await _api.AdminAsync();

        var summary = await admin.GetFromJsonAsync<AlertSummary>($"/api/alerts/summary?unitId={unit}", HttpAssertions.Json);

        Assert.Equal(2, summary!.Red);
        Assert.Equal(1, summary.Orange);
        Assert.Equal(0, summary.Yellow);
        Assert.Equal([newRed.Id, oldRed.Id], summary.NewestRed.Select(a => a.ProjectId!.Value));
        Assert.All(summary.NewestRed, a => Assert.Equal(AlertLevel.Red, a.Level));
    }

    [Fact]
    public async Task Summary_StaffOfAnotherUnit_SeesNoneOfThem()
    {
        var subjects = new AlertSubjects(_api, factory.Today);
        var (unit, person) = await subjects.OwnersAsync();
        await subjects.SignedAsync(unit, person, 200, landMode: "existingBuilding");
        await factory.ScanAsync();
        var stranger = await _api.CreateUserAsync((await _api.CreateUnitAsync()).Id, "staff");

        var summary = await stranger.Client.GetFromJsonAsync<AlertSummary>($"/api/alerts/summary?unitId={unit}", HttpAssertions.Json);

        Assert.Equal(0, summary!.Red + summary.Orange + summary.Yellow);
        Assert.Empty(summary.NewestRed);
    }

    [Fact]
    public async Task List_RuleAndUnitFilters_OnlyThatRuleInThatUnit()
    {
        var subjects = new AlertSubjects(_api, factory.Today);
        var (unit, person) = await subjects.OwnersAsync();
        var (otherUnit, otherPerson) = await subjects.OwnersAsync();
        var mine = await subjects.SignedAsync(unit, person, 100);
        await subjects.SignedAsync(otherUnit, otherPerson, 100);
        await factory.ScanAsync();
        var admin = await _api.AdminAsync();

        var alerts = await admin.GetFromJsonAsync<Paged<AlertDto>>($"/api/alerts?unitId={unit}&ruleCode=signedNoLand", HttpAssertions.Json);

        var alert = Assert.Single(alerts!.Items);
        Assert.Equal(mine.Id, alert.ProjectId);
        Assert.Equal("signedNoLand", alert.RuleCode);
    }

    [Fact]
    public async Task List_AwaitingMyAnswer_OnlyMyAlertsWithAnUnansweredInstruction()
    {
        var subjects = new AlertSubjects(_api, factory.Today);
        var unit = await _api.CreateUnitAsync();
        var person = await _api.CreateUserAsync(unit.Id, "staff");
        var instructed = await subjects.SignedAsync(unit.Id, person.Id, 200, landMode: "existingBuilding");
        await subjects.SignedAsync(unit.Id, person.Id, 190, landMode: "existingBuilding");
        await factory.ScanAsync();
        var admin = await _api.AdminAsync();
        var alert = (await admin.GetFromJsonAsync<Paged<AlertDto>>($"/api/alerts?projectId={instructed.Id}", HttpAssertions.Json))!.Items.Single();
        await (await admin.PostAsJsonAsync($"/api/alerts/{alert.Id}/instructions", new { text = "本周内报送开工计划", dueOn = factory.Today.AddDays(7) }))
            .Expect(System.Net.HttpStatusCode.OK);

        var waiting = await person.Client.GetFromJsonAsync<Paged<AlertDto>>("/api/alerts?awaitingMyAnswer=true", HttpAssertions.Json);
        var forAdmin = await admin.GetFromJsonAsync<Paged<AlertDto>>("/api/alerts?awaitingMyAnswer=true", HttpAssertions.Json);

        Assert.Equal(alert.Id, Assert.Single(waiting!.Items).Id);
        Assert.DoesNotContain(forAdmin!.Items, a => a.Id == alert.Id);
    }

    [Fact]
    public async Task List_Unresolved_OpenAndAcknowledgedButNotResolved()
    {
        var subjects = new AlertSubjects(_api, factory.Today);
        var (unit, person) = await subjects.OwnersAsync();
        foreach (var days in new[] { 100, 110, 120 })
        {
            await subjects.SignedAsync(unit, person, days, landMode: "existingBuilding");
        }

        await factory.ScanAsync();
        var admin = await _api.AdminAsync();
        var all = (await admin.GetFromJsonAsync<Paged<AlertDto>>($"/api/alerts?unitId={unit}", HttpAssertions.Json))!.Items;
        await (await admin.PostAsJsonAsync($"/api/alerts/{all[0].Id}/acknowledge", new { comment = "已联系企业" })).Expect(System.Net.HttpStatusCode.OK);
        await (await admin.PostAsJsonAsync($"/api/alerts/{all[1].Id}/resolve", new { reason = "企业已开工，待补录" })).Expect(System.Net.HttpStatusCode.OK);

        var unresolved = await admin.GetFromJsonAsync<Paged<AlertDto>>($"/api/alerts?unitId={unit}&status=unresolved", HttpAssertions.Json);

        Assert.Equal(new[] { all[0].Id, all[2].Id }.Order(), unresolved!.Items.Select(a => a.Id).Order());
    }
}
