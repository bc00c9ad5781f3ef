using System.Net;
using System.Net.Http.Json;
using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Api.Features.Alerts;
using Pipeline.Api.Features.Notifications;
using Pipeline.Api.Features.Projects;
using Pipeline.Api.Hosting;
using Pipeline.Api.Tests.Features.Reviews;
using Pipeline.Api.Tests.Infrastructure;
using Pipeline.Domain.Alerts;

namespace Pipeline.Api.Tests.Features.Alerts;

/// <summary>A host with an SMTP server, a webhook receiver and a mayor on the red list, for the notification tests.</summary>
public sealed class AlertFactory : PipelineFactory
{
    public FakeSmtpServer Smtp { get; } = new();

    public FakeWebhook Webhook { get; } = new();

    public string Mayor { get; } = "mayor-" + Guid.NewGuid().ToString("N")[..6];

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Pipeline:Email:Host", "127.0.0.1"), new("Pipeline:Email:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Pipeline:Email:Security", "None"), new("Pipeline:Alerts:RedRecipients:0", Mayor),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddHttpClient<WebhookSender>().ConfigurePrimaryHttpMessageHandler(() => Webhook));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
        Webhook.Dispose();
    }
}

public class ReviewPendingTimelineTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    [Fact]
    public async Task ReviewPending_AsDaysPass_RisesThroughEachLevelKeepingEveryRiseInHistory()
    {
        var api = new TestApi(factory);
        var unit = await api.CreateUnitAsync();
        var staff = await api.CreateUserAsync(unit.Id, "staff");
        var project = await api.CreateProjectAsync(unit.Id, new { responsiblePersonId = staff.Id }, staff.Client);
        await (await staff.Client.PostAsJsonAsync($"/api/projects/{project.Id}/reviews", ReviewTests.GoodFigures())).Expect(HttpStatusCode.Created);
        var levels = new List<AlertLevel?>();
        var elapsed = 0;
        foreach (var day in new[] { 14, 15, 29, 30, 59, 60 })
        {
            factory.Clock.Advance(TimeSpan.FromDays(day - elapsed));
            elapsed = day;
            await factory.ScanAsync();
            levels.Add(await AlertSubjects.LevelAsync(await api.SignInAsync("admin", PipelineFactory.AdminPassword), AlertRuleCodes.ReviewPending, project.Id));
        }

        var admin = await api.SignInAsync("admin", PipelineFactory.AdminPassword);
        var alert = (await admin.GetFromJsonAsync<Paged<AlertDto>>($"/api/alerts?projectId={project.Id}", HttpAssertions.Json))!.Items.Single();
        var detail = await admin.GetFromJsonAsync<AlertDto>($"/api/alerts/{alert.Id}", HttpAssertions.Json);

        Assert.Equal([null, AlertLevel.Yellow, AlertLevel.Yellow, AlertLevel.Orange, AlertLevel.Orange, AlertLevel.Red], levels);
        Assert.Equal(60, detail!.Days);
        Assert.Equal([("opened", AlertLevel.Yellow), ("escalated", AlertLevel.Orange), ("escalated", AlertLevel.Red)],
            detail.History!.Select(h => (h.Event, h.Level!.Value)));
    }
}

public class AlertLifecycleTests(AlertFactory factory) : IClassFixture<AlertFactory>
{
    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task Scan_ProjectMovesOn_AlertResolvesItselfAsAuto()
    {
        var subjects = new AlertSubjects(_api, factory.Today);
        var (unit, person) = await subjects.OwnersAsync();
        var project = await subjects.SignedAsync(unit, person, 70, landMode: "existingBuilding");
        await factory.ScanAsync();

        await subjects.MoveAsync((await (await _api.AdminAsync()).GetFromJsonAsync<ProjectDto>($"/api/projects/{project.Id}", HttpAssertions.Json))!,
            new { to = "groundbreaking" });
        var result = await factory.ScanAsync();
        var alert = (await (await _api.AdminAsync()).GetFromJsonAsync<Paged<AlertDto>>($"/api/alerts?projectId={project.Id}", HttpAssertions.Json))!.Items.Single();
        var detail = await (await _api.AdminAsync()).GetFromJsonAsync<AlertDto>($"/api/alerts/{alert.Id}", HttpAssertions.Json);

        Assert.Equal(("resolved", "auto"), (alert.Status, alert.Resolution));
        Assert.True(result.Resolved >= 1);
        Assert.Equal("resolved", detail!.History![^1].Event);
    }

    [Fact]
    public async Task Notifications_EachLevel_ReachTheRightPeopleAndLeadersGetOneDailyDigest()
    {
        var unit = await _api.CreateUnitAsync();
        var admin = await _api.AdminAsync();
        var headUser = await _api.CreateUserAsync(unit.Id, "staff");
        await (await TestApi.PatchAsync(admin, $"/api/units/{unit.Id}", new { headUserId = headUser.Id }, unit.Version)).Expect(HttpStatusCode.OK);
        var person = await _api.CreateUserAsync(unit.Id, "staff");
        var leader = await _api.CreateUserAsync(null, "leader");
        await (await admin.PostAsJsonAsync("/api/users", new { userName = factory.Mayor, displayName = "市长", password = TestApi.Password, roles = new[] { "auditor" } }))
            .Expect(HttpStatusCode.Created);
        var subjects = new AlertSubjects(_api, factory.Today);
        var yellow = await subjects.SignedAsync(unit.Id, person.Id, 60, landMode: "existingBuilding", leaderId: leader.Id);
        var orange = await subjects.SignedAsync(unit.Id, person.Id, 90, landMode: "existingBuilding", leaderId: leader.Id);
        var red = await subjects.SignedAsync(unit.Id, person.Id, 180, landMode: "existingBuilding", leaderId: leader.Id);

        await factory.ScanAsync();
        await factory.ScanAsync();

        async Task<List<NotificationDto>> InboxAsync(string userName) =>
            (await (await _api.SignInAsync(userName, TestApi.Password)).GetFromJsonAsync<Paged<NotificationDto>>("/api/notifications?pageSize=200", HttpAssertions.Json))!.Items.ToList();
        var personInbox = await InboxAsync(person.UserName);
        var headInbox = await InboxAsync(headUser.UserName);
        var mayorInbox = await InboxAsync(factory.Mayor);
        var leaderInbox = await InboxAsync(leader.UserName);
        var alertOf = new Dictionary<long, long>();
        foreach (var project in new[] { yellow, orange, red })
        {
            alertOf[(await admin.GetFromJsonAsync<Paged<AlertDto>>($"/api/alerts?projectId={project.Id}", HttpAssertions.Json))!.Items.Single().Id] = project.Id;
        }

        Assert.Equal([yellow.Id, orange.Id, red.Id], personInbox.Where(n => n.Kind == "alert").Select(n => alertOf[n.AlertId!.Value]).Order());
        Assert.Equal([orange.Id, red.Id], headInbox.Select(n => alertOf[n.AlertId!.Value]).Order());
        Assert.Equal(red.Id, alertOf[Assert.Single(mayorInbox).AlertId!.Value]);
        var digest = Assert.Single(leaderInbox);
        Assert.Equal("digest", digest.Kind);
        Assert.Contains("红色 1 项，橙色 1 项，黄色 1 项", digest.Title);
        Assert.Contains("【红色预警】", mayorInbox[0].Title);
        Assert.Equal("inApp", digest.Channel);
    }

    [Fact]
    public async Task Snooze_SilencesNotificationsButLevelsKeepRising()
    {
        var subjects = new AlertSubjects(_api, factory.Today);
        var (unit, personId) = await subjects.OwnersAsync();
        var project = await subjects.SignedAsync(unit, personId, 80, landMode: "existingBuilding");
        await factory.ScanAsync();
        var admin = await _api.AdminAsync();
        var alert = (await admin.GetFromJsonAsync<Paged<AlertDto>>($"/api/alerts?projectId={project.Id}", HttpAssertions.Json))!.Items.Single();

        var tooLong = await (await admin.PostAsJsonAsync($"/api/alerts/{alert.Id}/snooze", new { until = factory.Today.AddDays(31), reason = "x" })).Problem(HttpStatusCode.BadRequest);
        await (await admin.PostAsJsonAsync($"/api/alerts/{alert.Id}/snooze", new { until = factory.Today.AddDays(20), reason = "企业正在办理施工许可" })).Expect(HttpStatusCode.OK);
        factory.Clock.Advance(TimeSpan.FromDays(12));
        await factory.ScanAsync();
        admin = await _api.SignInAsync("admin", PipelineFactory.AdminPassword);
        var whileSnoozed = await admin.GetFromJsonAsync<AlertDto>($"/api/alerts/{alert.Id}", HttpAssertions.Json);
        var levelsNotified = await NotifiedLevelsAsync(alert.Id);
        factory.Clock.Advance(TimeSpan.FromDays(10));
        await factory.ScanAsync();
        var afterSnooze = await NotifiedLevelsAsync(alert.Id);

        Assert.True(tooLong.HasError("until"));
        Assert.Equal(AlertLevel.Orange, whileSnoozed!.Level);
        Assert.Equal(["yellow"], levelsNotified);
        Assert.Equal(["orange", "yellow"], afterSnooze.Order());
    }

    [Fact]
    public async Task Deliveries_FailingWebhookRetriedWhileEmailStillGoesOut()
    {
        var admin = await _api.AdminAsync();
        var unit = await _api.CreateUnitAsync();
        var userName = TestApi.Unique("wang");
        var person = await (await admin.PostAsJsonAsync("/api/users", new
        {
            userName, displayName = "王强", password = TestApi.Password, roles = new[] { "staff" }, unitId = unit.Id,
            email = $"{userName}@example.cn", webhookUrl = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=test", webhookKind = "wecom",
        })).As<Api.Features.Users.UserDto>(HttpStatusCode.Created);
        var project = await new AlertSubjects(_api, factory.Today).SignedAsync(unit.Id, person.Id, 65, landMode: "existingBuilding");
        factory.Webhook.FailuresLeft = 1;

        var scan = await factory.ScanAsync();
        var deliveries = await DeliveriesAsync(scan.ScanId);
        var webhookId = deliveries.Single(d => d.Channel == "webhook" && d.UserId == person.Id).Id;
        var emailId = deliveries.Single(d => d.Channel == "email" && d.UserId == person.Id).Id;
        var firstTry = await factory.DeliverAsync(webhookId);
        var email = await factory.DeliverAsync(emailId);
        var inbox = (await (await _api.SignInAsync(userName, TestApi.Password)).GetFromJsonAsync<Paged<NotificationDto>>("/api/notifications", HttpAssertions.Json))!.Items;
        var retry = await factory.DeliverAsync(webhookId);
        var again = await factory.DeliverAsync(webhookId);
        var after = (await (await _api.SignInAsync(userName, TestApi.Password)).GetFromJsonAsync<Paged<NotificationDto>>("/api/notifications", HttpAssertions.Json))!.Items;

        Assert.NotNull(firstTry);
        Assert.Contains("502", firstTry.Message);
        Assert.Null(email);
        var message = Assert.Single(factory.Smtp.Messages, m => m.To == $"{userName}@example.cn");
        Assert.Contains("Subject:", message.Data);
        var failed = inbox.Single().Delivery.Single(d => d.Channel == "webhook");
        Assert.Equal(("failed", 1), (failed.Status, failed.Attempts));
        Assert.Equal("sent", inbox.Single().Delivery.Single(d => d.Channel == "email").Status);
        Assert.Null(retry);
        Assert.Null(again);
        var robotMessages = factory.Webhook.Calls.Select(c => System.Text.Json.JsonDocument.Parse(c.Body).RootElement)
            .Where(b => b.GetProperty("text").GetProperty("content").GetString()!.Contains(project.Name, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, robotMessages.Count);
        Assert.All(robotMessages, m => Assert.Equal("text", m.GetProperty("msgtype").GetString()));
        Assert.Equal(("sent", 2), (after.Single().Delivery.Single(d => d.Channel == "webhook").Status, after.Single().Delivery.Single(d => d.Channel == "webhook").Attempts));
    }

    [Fact]
    public async Task Scan_ManualRequest_202AndTheJobIsQueuedWhileTheDailyScanIsRegistered()
    {
        var response = await (await _api.AdminAsync()).PostAsync("/api/alerts/scan", null);
        var staff = await _api.CreateUserAsync((await _api.CreateUnitAsync()).Id, "staff");

        await response.Expect(HttpStatusCode.Accepted);
        var storage = factory.Services.GetRequiredService<JobStorage>();
        var queued = storage.GetMonitoringApi().EnqueuedJobs("default", 0, 1000);
        Assert.Contains(queued, j => j.Value.Job.Type == typeof(AlertScan) && j.Value.Job.Method.Name == nameof(AlertScan.RunAsync));
        using var connection = storage.GetConnection();
        var recurring = Assert.Single(connection.GetRecurringJobs(), j => j.Id == JobsSetup.ScanJobId);
        Assert.Equal(("0 8 * * *", "Asia/Shanghai"), (recurring.Cron, recurring.TimeZoneId));
        await (await staff.Client.PostAsync("/api/alerts/scan", null)).Problem(HttpStatusCode.Forbidden);
    }

    private async Task<List<string>> NotifiedLevelsAsync(long alertId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await using var session = await scope.ServiceProvider.GetRequiredService<Api.Data.Db>().OpenAsync();
        return (await session.QueryAsync<string>("SELECT DISTINCT level FROM notifications WHERE alert_id = @alertId", new { alertId })).ToList();
    }

    private async Task<IReadOnlyList<(long Id, string Channel, long UserId)>> DeliveriesAsync(long scanId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await using var session = await scope.ServiceProvider.GetRequiredService<Api.Data.Db>().OpenAsync();
        return await session.QueryAsync<(long, string, long)>("""
            SELECT d.id, d.channel, n.user_id FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id WHERE n.scan_id = @scanId
            """, new { scanId });
    }
}
