using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Pipeline.Api.Features.Alerts;
using Pipeline.Api.Features.Audit;
using Pipeline.Api.Hosting;
using Pipeline.Api.Tests.Infrastructure;
using Pipeline.Domain.Alerts;

namespace Pipeline.Api.Tests.Features.Audit;

/// <summary>Changes to settings (alert rules, the calendar, targets) on the record with their old and new values; its own host, as it changes a rule.</summary>
public class SettingChangeAuditTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task AlertRuleUpdate_NewThresholds_AuditedWithOldAndNewDays()
    {
        var admin = await _api.AdminAsync();
        var before = await (await admin.GetAsync($"/api/alert-rules/{AlertRuleCodes.TalksIdle}")).As<AlertRuleDto>();

        await (await TestApi.SendAsync(admin, HttpMethod.Put, $"/api/alert-rules/{AlertRuleCodes.TalksIdle}", new
        {
            yellowDays = before.YellowDays + 1, orangeDays = before.OrangeDays + 1, redDays = before.RedDays + 1, calendar = "natural", active = true,
        }, before.Version)).Expect(HttpStatusCode.OK);

        var changes = await LastChangeAsync("alertRule", AlertRuleCodes.TalksIdle, "update");
        Assert.Equal(before.YellowDays, changes["yellowDays"]!["old"]!.GetValue<int>());
        Assert.Equal(before.YellowDays + 1, changes["yellowDays"]!["new"]!.GetValue<int>());
        Assert.Equal(before.RedDays + 1, changes["redDays"]!["new"]!.GetValue<int>());
        Assert.Null(changes["version"]);
    }

    [Fact]
    public async Task CalendarDay_SetRenamedAndCleared_EachAuditedWithWhatItWasAndBecame()
    {
        var admin = await _api.AdminAsync();
        var day = factory.Today.AddYears(3).AddDays(Random.Shared.Next(300));
        var url = $"/api/calendar/{day:yyyy-MM-dd}";

        await (await TestApi.SendAsync(admin, HttpMethod.Put, url, new { isWorkingDay = false, name = "国庆节" }, null)).Expect(HttpStatusCode.OK);
        var first = await LastChangeAsync("calendarDay", $"{day:yyyy-MM-dd}", "set");
        await (await TestApi.SendAsync(admin, HttpMethod.Put, url, new { isWorkingDay = false, name = "国庆节调整" }, null)).Expect(HttpStatusCode.OK);
        var renamed = await LastChangeAsync("calendarDay", $"{day:yyyy-MM-dd}", "set");
        await (await admin.DeleteAsync(url)).Expect(HttpStatusCode.NoContent);
        var cleared = await LastChangeAsync("calendarDay", $"{day:yyyy-MM-dd}", "clear");

        Assert.Null(first["name"]!["old"]);
        Assert.Equal("国庆节", first["name"]!["new"]!.GetValue<string>());
        Assert.Equal("国庆节", renamed["name"]!["old"]!.GetValue<string>());
        Assert.Equal("国庆节调整", renamed["name"]!["new"]!.GetValue<string>());
        Assert.Null(renamed["isWorkingDay"]);
        Assert.Equal("国庆节调整", cleared["name"]!["old"]!.GetValue<string>());
        Assert.Null(cleared["name"]!["new"]);
    }

    [Fact]
    public async Task Targets_SetThenRaised_SecondAuditShowsTheOldAndNewCount()
    {
        var admin = await _api.AdminAsync();
        var unit = await _api.CreateUnitAsync();
        var year = factory.Today.Year;

        var first = await (await TestApi.SendAsync(admin, HttpMethod.Put, $"/api/unit-targets/{year}/{unit.Id}",
            new { signedCount = 4, signedAmount = 20000m, startedCount = 2 }, null)).As<JsonObject>();
        await (await TestApi.SendAsync(admin, HttpMethod.Put, $"/api/unit-targets/{year}/{unit.Id}",
            new { signedCount = 6, signedAmount = 20000m, startedCount = 2 }, first["version"]!.GetValue<int>())).Expect(HttpStatusCode.OK);

        var changes = await LastChangeAsync("unit", unit.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "setTargets");
        Assert.Equal(4, changes["signedCount"]!["old"]!.GetValue<int>());
        Assert.Equal(6, changes["signedCount"]!["new"]!.GetValue<int>());
        Assert.Null(changes["signedAmount"]);
    }

    private async Task<JsonNode> LastChangeAsync(string entity, string entityId, string action)
    {
        var audit = await (await _api.AuditorAsync()).GetFromJsonAsync<Paged<AuditRecord>>(
            $"/api/audit?entity={entity}&entityId={Uri.EscapeDataString(entityId)}&action={action}", HttpAssertions.Json);
        return JsonNode.Parse(audit!.Items.OrderByDescending(r => r.Id).First().Detail!)!;
    }
}
