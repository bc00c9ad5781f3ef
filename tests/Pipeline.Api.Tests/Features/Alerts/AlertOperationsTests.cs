using System.Net;
using System.Net.Http.Json;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Api.Data;
using Pipeline.Api.Features.Alerts;
using Pipeline.Api.Features.Notifications;
using Pipeline.Api.Hosting;
using Pipeline.Api.Tests.Infrastructure;
using Pipeline.Domain.Alerts;

namespace Pipeline.Api.Tests.Features.Alerts;

public class ConcurrentScanTests(AlertFactory factory) : IClassFixture<AlertFactory>
{
    [Fact]
    public async Task Scan_TwoAtTheSameMoment_LeaveExactlyOneAlertAndOneNotificationEach()
    {
        var api = new TestApi(factory);
        var subjects = new AlertSubjects(api, factory.Today);
        var (unit, person) = await subjects.OwnersAsync();
        var projects = new List<long>();
        foreach (var days in new[] { 65, 95, 185, 70, 100 })
        {
            projects.Add((await subjects.SignedAsync(unit, person, days)).Id);
        }

        var results = await Task.WhenAll(factory.ScanAsync(), factory.ScanAsync());
        await factory.ScanAsync();

        await using var scope = factory.Services.CreateAsyncScope();
        await using var session = await scope.ServiceProvider.GetRequiredService<Db>().OpenAsync();
        var alerts = await session.QueryAsync<(long ProjectId, string Rule, long Count)>(
            d => $"SELECT project_id, rule_code, COUNT(*) FROM alerts WHERE project_id {d.InList("@projects")} GROUP BY project_id, rule_code", new { projects });
        var duplicateNotifications = await session.ExecuteScalarAsync<long>("""
            SELECT COUNT(*) FROM (SELECT alert_id, level, user_id FROM notifications WHERE alert_id IS NOT NULL GROUP BY alert_id, level, user_id HAVING COUNT(*) > 1) d
            """);
        var notified = await session.ExecuteScalarAsync<long>(
            d => $"SELECT COUNT(*) FROM notifications n JOIN alerts a ON a.id = n.alert_id WHERE a.project_id {d.InList("@projects")} AND n.user_id = @person", new { projects, person });
        var history = await session.ExecuteScalarAsync<long>(
            d => $"SELECT COUNT(*) FROM alert_history h JOIN alerts a ON a.id = h.alert_id WHERE a.project_id {d.InList("@projects")}", new { projects });

        Assert.Equal(10, alerts.Count);
        Assert.All(alerts, a => Assert.Equal(1, a.Count));
        Assert.Equal(10, results.Sum(r => r.NewAlerts));
        Assert.Equal(0, duplicateNotifications);
        Assert.Equal(10, notified);
        Assert.Equal(10, history);
    }
}

/// <summary>A restart: the in-memory Hangfire storage is gone, but the outbox in our tables is not.</summary>
public class RequeueOnStartTests
{
    private sealed class Restarted(TestDatabase database) : PipelineFactory(database, ownsDatabase: false);

    [Fact]
    public async Task Start_UndeliveredNotificationsInTheOutbox_QueuedAgain()
    {
        // The first host keeps its database; the second starts on the same file with a fresh in-memory Hangfire storage.
        await using var first = new AlertFactory();
        long[] pending;
        {
            var api = new TestApi(first);
            var unit = await api.CreateUnitAsync();
            var userName = TestApi.Unique("li");
            var person = await (await (await api.AdminAsync()).PostAsJsonAsync("/api/users", new
            {
                userName, displayName = "李娜", password = TestApi.Password, roles = new[] { "staff" }, unitId = unit.Id,
                email = $"{userName}@example.cn", webhookUrl = "https://oapi.dingtalk.com/robot/send?access_token=test",
            })).As<Api.Features.Users.UserDto>(HttpStatusCode.Created);
            await new AlertSubjects(api, first.Today).SignedAsync(unit.Id, person.Id, 100, landMode: "existingBuilding");
            await first.ScanAsync();
            await using var scope = first.Services.CreateAsyncScope();
            await using var session = await scope.ServiceProvider.GetRequiredService<Db>().OpenAsync();
            pending = (await session.QueryAsync<long>("SELECT id FROM notification_deliveries WHERE status = 'pending' ORDER BY id")).ToArray();
        }

        await using var restarted = new Restarted(first.Database);
        _ = restarted.Server;
        var queued = restarted.Services.GetRequiredService<JobStorage>().GetMonitoringApi().EnqueuedJobs("default", 0, 1000)
            .Where(j => j.Value.Job.Type == typeof(NotificationDelivery)).Select(j => (long)j.Value.Job.Args[0]).Order().ToArray();

        Assert.Equal(2, pending.Length);
        Assert.Equal(pending, queued);
    }
}

public class DashboardTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    [Fact]
    public async Task Dashboard_AnonymousAndNonAdmin_RefusedAdminAllowedAlsoThroughTheBrowserCookie()
    {
        var api = new TestApi(factory);
        var staff = await api.CreateUserAsync((await api.CreateUnitAsync()).Id, "staff");
        var token = (await (await api.Anonymous().PostAsJsonAsync("/api/auth/token", new { userName = "admin", password = PipelineFactory.AdminPassword }))
            .As<Api.Features.Auth.TokenResponse>()).AccessToken;
        var browser = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = true });

        var anonymous = await api.Anonymous().GetAsync("/hangfire");
        var nonAdmin = await staff.Client.GetAsync("/hangfire");
        var admin = await (await api.AdminAsync()).GetAsync("/hangfire");
        var firstVisit = await browser.GetAsync($"/hangfire?access_token={token}");
        var laterVisit = await browser.GetAsync("/hangfire/jobs/enqueued");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, nonAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, firstVisit.StatusCode);
        Assert.Contains(firstVisit.Headers.GetValues("Set-Cookie"), c => c.StartsWith(JobsSetup.DashboardCookie, StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.OK, laterVisit.StatusCode);
    }
}

public class LeaderReviewTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    [Fact]
    public async Task Leader_AcknowledgesInstructsAndSeesAnUnansweredInstructionGoOverdue()
    {
        var api = new TestApi(factory);
        var unit = await api.CreateUnitAsync();
        var person = await api.CreateUserAsync(unit.Id, "staff");
        var leader = await api.CreateUserAsync(null, "leader");
        var project = await new AlertSubjects(api, factory.Today).SignedAsync(unit.Id, person.Id, 95, landMode: "existingBuilding", leaderId: leader.Id);
        await factory.ScanAsync();

        var mine = await leader.Client.GetFromJsonAsync<Paged<AlertDto>>("/api/alerts?mine=true", HttpAssertions.Json);
        var alert = Assert.Single(mine!.Items);
        await (await leader.Client.PostAsJsonAsync($"/api/alerts/{alert.Id}/acknowledge", new { comment = "已了解，督促企业尽快开工" })).Expect(HttpStatusCode.OK);
        var instructed = await (await leader.Client.PostAsJsonAsync($"/api/alerts/{alert.Id}/instructions",
            new { text = "一周内协调解决施工许可问题并报告", dueOn = factory.Today.AddDays(7) })).As<AlertDto>();
        var staffMayNotInstruct = await (await person.Client.PostAsJsonAsync($"/api/alerts/{alert.Id}/instructions", new { text = "x", dueOn = factory.Today }))
            .Problem(HttpStatusCode.Forbidden);
        factory.Clock.Advance(TimeSpan.FromDays(8));
        var personClient = await api.SignInAsync(person.UserName, person.Password);
        var overdue = await personClient.GetFromJsonAsync<AlertDto>($"/api/alerts/{alert.Id}", HttpAssertions.Json);
        var instructionId = instructed.Instructions!.Single().Id;
        var answered = await (await personClient.PostAsJsonAsync($"/api/alerts/{alert.Id}/instructions/{instructionId}/response",
            new { text = "已办结施工许可，下周开工" })).As<AlertDto>();
        var twice = await (await personClient.PostAsJsonAsync($"/api/alerts/{alert.Id}/instructions/{instructionId}/response", new { text = "x" }))
            .Problem(HttpStatusCode.Conflict);

        Assert.Equal(project.Id, alert.ProjectId);
        Assert.Equal(AlertLevel.Orange, alert.Level);
        Assert.Equal("acknowledged", instructed.Status);
        Assert.Equal("已了解，督促企业尽快开工", instructed.AckComment);
        Assert.True(overdue!.HasOverdueInstruction);
        Assert.True(overdue.Instructions!.Single().Overdue);
        Assert.False(answered.HasOverdueInstruction);
        Assert.Equal("已办结施工许可，下周开工", answered.Instructions!.Single().Response);
        Assert.Equal("instruction.answered", twice.Code);
        Assert.Contains(answered.History!, h => h.Event == "instructed");
        Assert.Contains(answered.History!, h => h.Event == "answered");
        Assert.Contains("leader", staffMayNotInstruct.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Resolve_ByHand_StaysResolvedWhileTheSameDateStillCounts()
    {
        var api = new TestApi(factory);
        var subjects = new AlertSubjects(api, factory.Today);
        var (unit, person) = await subjects.OwnersAsync();
        var project = await subjects.SignedAsync(unit, person, 100, landMode: "existingBuilding");
        await factory.ScanAsync();
        var admin = await api.SignInAsync("admin", PipelineFactory.AdminPassword);
        var alert = (await admin.GetFromJsonAsync<Paged<AlertDto>>($"/api/alerts?projectId={project.Id}", HttpAssertions.Json))!.Items.Single();

        var noReason = await (await admin.PostAsJsonAsync($"/api/alerts/{alert.Id}/resolve", new { })).Problem(HttpStatusCode.BadRequest);
        var resolved = await (await admin.PostAsJsonAsync($"/api/alerts/{alert.Id}/resolve", new { reason = "已纳入重点项目专班跟踪" })).As<AlertDto>();
        await factory.ScanAsync();
        var after = (await admin.GetFromJsonAsync<Paged<AlertDto>>($"/api/alerts?projectId={project.Id}", HttpAssertions.Json))!.Items;
        var again = await (await admin.PostAsJsonAsync($"/api/alerts/{alert.Id}/acknowledge", new { comment = "x" })).Problem(HttpStatusCode.Conflict);

        Assert.True(noReason.HasError("reason"));
        Assert.Equal(("resolved", "manual"), (resolved.Status, resolved.Resolution));
        Assert.Equal(alert.Id, Assert.Single(after).Id);
        Assert.Equal("alert.resolved", again.Code);
    }

    [Fact]
    public async Task Alerts_StaffOfAnotherUnit_CannotSeeOrActOnThem()
    {
        var api = new TestApi(factory);
        var subjects = new AlertSubjects(api, factory.Today);
        var (unit, person) = await subjects.OwnersAsync();
        var project = await subjects.SignedAsync(unit, person, 100, landMode: "existingBuilding");
        var outsider = await api.CreateUserAsync((await api.CreateUnitAsync()).Id, "staff");
        await factory.ScanAsync();
        var alert = (await (await api.SignInAsync("admin", PipelineFactory.AdminPassword))
            .GetFromJsonAsync<Paged<AlertDto>>($"/api/alerts?projectId={project.Id}", HttpAssertions.Json))!.Items.Single();

        await (await outsider.Client.GetAsync($"/api/alerts/{alert.Id}")).Problem(HttpStatusCode.NotFound);
        await (await outsider.Client.PostAsJsonAsync($"/api/alerts/{alert.Id}/acknowledge", new { comment = "x" })).Problem(HttpStatusCode.NotFound);
        Assert.Empty((await outsider.Client.GetFromJsonAsync<Paged<AlertDto>>($"/api/alerts?projectId={project.Id}", HttpAssertions.Json))!.Items);
    }
}

/// <summary>A rule switched to working days, over a holiday the admin entered; its own factory, as rules are shared settings.</summary>
public class WorkingDayRuleTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    [Fact]
    public async Task Scan_RuleInWorkingDays_HolidaysDoNotCountAndWorkedWeekendsDo()
    {
        var api = new TestApi(factory);
        var admin = await api.AdminAsync();
        var today = factory.Today;
        var rule = await admin.GetAsync($"/api/alert-rules/{AlertRuleCodes.TalksIdle}");
        await (await TestApi.SendAsync(admin, HttpMethod.Put, $"/api/alert-rules/{AlertRuleCodes.TalksIdle}",
            new { yellowDays = 10, orangeDays = 20, redDays = 30, calendar = "working", active = true }, rule.Version())).Expect(HttpStatusCode.OK);
        // Monday 2026-06-15: the Friday and Monday a week earlier were holidays, and the Sunday before them was worked.
        foreach (var (day, working) in new[] { (today.AddDays(-10), false), (today.AddDays(-7), false), (today.AddDays(-8), true) })
        {
            await (await TestApi.SendAsync(admin, HttpMethod.Put, $"/api/calendar/{day:yyyy-MM-dd}", new { isWorkingDay = working, name = "端午节" }, null))
                .Expect(HttpStatusCode.OK);
        }

        var unit = await api.CreateUnitAsync();
        // From Friday 2026-05-29: 11 weekdays to 06-15, less 2 holidays, plus 1 worked Sunday = 10 working days (yellow at 10).
        var yellow = await api.CreateProjectAsync(unit.Id, new { talksStartedOn = today.AddDays(-17) });
        // From Tuesday 2026-06-02: 9 weekdays, less 2 holidays, plus 1 worked Sunday = 8 working days, although 13 calendar days.
        var quiet = await api.CreateProjectAsync(unit.Id, new { talksStartedOn = today.AddDays(-13) });
        await factory.ScanAsync();

        var yellowAlert = (await admin.GetFromJsonAsync<Paged<AlertDto>>($"/api/alerts?projectId={yellow.Id}", HttpAssertions.Json))!.Items.Single();
        Assert.Equal((AlertLevel.Yellow, 10, CalendarKind.Working), (yellowAlert.Level, yellowAlert.Days, yellowAlert.Calendar));
        Assert.Null(await AlertSubjects.LevelAsync(admin, AlertRuleCodes.TalksIdle, quiet.Id));
        var calendar = await admin.GetFromJsonAsync<List<Api.Features.Calendar.CalendarDayDto>>($"/api/calendar?year={today.Year}", HttpAssertions.Json);
        Assert.Equal(3, calendar!.Count);
    }

    [Fact]
    public async Task PutRule_ThresholdsOutOfOrderOrStale_Refused()
    {
        var admin = await new TestApi(factory).AdminAsync();
        var rule = await admin.GetAsync($"/api/alert-rules/{AlertRuleCodes.SignedNoLand}");

        var unordered = await (await TestApi.SendAsync(admin, HttpMethod.Put, $"/api/alert-rules/{AlertRuleCodes.SignedNoLand}",
            new { yellowDays = 90, orangeDays = 60, redDays = 180, calendar = "natural", active = true }, rule.Version())).Problem(HttpStatusCode.BadRequest);
        var stale = await (await TestApi.SendAsync(admin, HttpMethod.Put, $"/api/alert-rules/{AlertRuleCodes.SignedNoLand}",
            new { yellowDays = 60, orangeDays = 90, redDays = 180, calendar = "natural", active = true }, rule.Version() + 5)).Problem(HttpStatusCode.PreconditionFailed);
        var fallbackMissing = await (await TestApi.SendAsync(admin, HttpMethod.Put, $"/api/alert-rules/{AlertRuleCodes.SignedNotStarted}",
            new { yellowDays = 0, orangeDays = 30, redDays = 90, calendar = "natural", active = true }, 1)).Problem(HttpStatusCode.BadRequest);

        Assert.Contains("预警阈值须逐级递增", unordered.Detail);
        Assert.Equal(412, stale.Status);
        Assert.True(fallbackMissing.HasError("fallback"));
    }
}
