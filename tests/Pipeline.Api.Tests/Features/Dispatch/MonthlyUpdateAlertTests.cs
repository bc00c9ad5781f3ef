using System.Net.Http.Json;
using Pipeline.Api.Features.Alerts;
using Pipeline.Api.Hosting;
using Pipeline.Api.Tests.Features.Alerts;
using Pipeline.Api.Tests.Infrastructure;
using Pipeline.Domain.Alerts;

namespace Pipeline.Api.Tests.Features.Dispatch;

/// <summary>The monthlyUpdateMissing rule (月度调度未填报); its own host, as the test moves the clock past a due day.</summary>
public class MonthlyUpdateAlertTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    [Fact]
    public async Task MonthlyUpdateMissing_SignedProjectPastTheDueDay_ExactlyOneAlertAndNoneOnceTheUpdateIsFiled()
    {
        var api = new TestApi(factory);
        var subjects = new AlertSubjects(api, factory.Today);
        var (unit, person) = await subjects.OwnersAsync();
        // Signed on 2026-05-06 and not due to break ground for a year: no other rule has anything to say about it.
        var project = await subjects.SignedAsync(unit, person, 40, plannedGroundbreakingOn: factory.Today.AddYears(1), landMode: "existingBuilding",
            updatesFiled: false);
        await subjects.FileUpdateAsync(project, new DateOnly(2026, 5, 1));

        // June's update is due by Sunday 2026-07-05: nothing on that day, one alert the day after, however many scans run.
        factory.Clock.Advance(TimeSpan.FromDays(20));
        await factory.ScanAsync();
        var onTheDueDay = await AlertsAsync(project.Id);
        factory.Clock.Advance(TimeSpan.FromDays(1));
        await factory.ScanAsync();
        await factory.ScanAsync();
        var afterIt = await AlertsAsync(project.Id);
        var filed = await new AlertSubjects(new TestApi(factory), factory.Today).FileUpdateAsync(project, new DateOnly(2026, 6, 1));
        await factory.ScanAsync();
        var onceFiled = await AlertsAsync(project.Id);

        Assert.Empty(onTheDueDay);
        var alert = Assert.Single(afterIt);
        Assert.Equal((AlertRuleCodes.MonthlyUpdateMissing, AlertLevel.Yellow, "open", new DateOnly(2026, 7, 5)), (alert.RuleCode, alert.Level, alert.Status, alert.Since));
        Assert.True(filed.Late);
        var resolved = Assert.Single(onceFiled);
        Assert.Equal((alert.Id, "resolved", "auto"), (resolved.Id, resolved.Status, resolved.Resolution));
    }

    private async Task<IReadOnlyList<AlertDto>> AlertsAsync(long projectId) =>
        (await (await new TestApi(factory).AdminAsync()).GetFromJsonAsync<Paged<AlertDto>>($"/api/alerts?projectId={projectId}", HttpAssertions.Json))!.Items;
}
