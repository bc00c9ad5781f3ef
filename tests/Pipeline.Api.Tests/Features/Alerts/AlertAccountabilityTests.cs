using System.Net;
using System.Net.Http.Json;
using Pipeline.Api.Features.Alerts;
using Pipeline.Api.Features.Notifications;
using Pipeline.Api.Features.Users;
using Pipeline.Api.Hosting;
using Pipeline.Api.Tests.Infrastructure;
using Pipeline.Domain.Alerts;

namespace Pipeline.Api.Tests.Features.Alerts;

/// <summary>Alerts nobody can quietly silence, and instructions (督办) that reach people at once ("一抓到底").</summary>
public class AlertAccountabilityTests(AlertFactory factory) : AlertPeople(factory), IClassFixture<AlertFactory>
{

    [Fact]
    public async Task Resolve_ByTheResponsiblePerson_Returns403AndTheLeaderMay()
    {
        var (alert, person, leader) = await StalledAsync(signedDaysAgo: 100);

        var refused = await (await person.Client.PostAsJsonAsync($"/api/alerts/{alert.Id}/resolve", new { reason = "已在推进" })).Problem(HttpStatusCode.Forbidden);
        var snoozeRefused = await (await person.Client.PostAsJsonAsync($"/api/alerts/{alert.Id}/snooze", new { until = Factory.Today.AddDays(5), reason = "x" }))
            .Problem(HttpStatusCode.Forbidden);
        var acknowledged = await (await person.Client.PostAsJsonAsync($"/api/alerts/{alert.Id}/acknowledge", new { comment = "正在协调施工许可" })).As<AlertDto>();
        var resolved = await (await leader.Client.PostAsJsonAsync($"/api/alerts/{alert.Id}/resolve", new { reason = "已列入专班" })).As<AlertDto>();

        Assert.Contains("只有项目包保领导", refused.Detail);
        Assert.Contains("只有项目包保领导", snoozeRefused.Detail);
        Assert.Equal("acknowledged", acknowledged.Status);
        Assert.Equal((true, false, false), (acknowledged.Permissions!.Acknowledge, acknowledged.Permissions.Resolve, acknowledged.Permissions.Instruct));
        Assert.Equal(("resolved", "manual"), (resolved.Status, resolved.Resolution));
    }

    [Fact]
    public async Task Act_ByALeaderWhoIsNotTheProjects_Returns403ButReads()
    {
        var (alert, _, _) = await StalledAsync(signedDaysAgo: 100);
        var otherLeader = await Api.CreateUserAsync(null, "leader");

        var read = await otherLeader.Client.GetFromJsonAsync<AlertDto>($"/api/alerts/{alert.Id}", HttpAssertions.Json);
        await (await otherLeader.Client.PostAsJsonAsync($"/api/alerts/{alert.Id}/acknowledge", new { comment = "x" })).Problem(HttpStatusCode.Forbidden);
        await (await otherLeader.Client.PostAsJsonAsync($"/api/alerts/{alert.Id}/resolve", new { reason = "x" })).Problem(HttpStatusCode.Forbidden);
        await (await otherLeader.Client.PostAsJsonAsync($"/api/alerts/{alert.Id}/instructions", new { text = "x", dueOn = Factory.Today })).Problem(HttpStatusCode.Forbidden);

        Assert.Equal(new AlertPermissions(false, false, false, false, false, false), read!.Permissions);
    }

    [Fact]
    public async Task Resolve_WithAnOpenInstruction_Returns409UntilItIsAnswered()
    {
        var (alert, person, leader) = await StalledAsync(signedDaysAgo: 100);
        var instructed = await (await leader.Client.PostAsJsonAsync($"/api/alerts/{alert.Id}/instructions", new { text = "本周内报告进展", dueOn = Factory.Today }))
            .As<AlertDto>();

        var refused = await (await leader.Client.PostAsJsonAsync($"/api/alerts/{alert.Id}/resolve", new { reason = "x" })).Problem(HttpStatusCode.Conflict);
        await (await person.Client.PostAsJsonAsync($"/api/alerts/{alert.Id}/instructions/{instructed.Instructions!.Single().Id}/response", new { text = "已报告" }))
            .Expect(HttpStatusCode.OK);
        var resolved = await (await leader.Client.PostAsJsonAsync($"/api/alerts/{alert.Id}/resolve", new { reason = "已解决" })).As<AlertDto>();

        Assert.Equal("alert.openInstruction", refused.Code);
        Assert.Equal("resolved", resolved.Status);
    }

    [Fact]
    public async Task Instruct_DueToday_TheResponsiblePersonHearsAtOnceAndTheLeaderHearsTheAnswer()
    {
        var (alert, person, leader) = await StalledAsync(signedDaysAgo: 100, webhooks: true);
        var calls = Factory.Webhook.Calls.Count;

        var instructed = await (await leader.Client.PostAsJsonAsync($"/api/alerts/{alert.Id}/instructions", new { text = "今天报告开工准备", dueOn = Factory.Today }))
            .As<AlertDto>();
        var told = (await InboxAsync(person)).Single(n => n.Kind == "instruction");
        await DeliverAsync(told, "webhook");
        await (await person.Client.PostAsJsonAsync($"/api/alerts/{alert.Id}/instructions/{instructed.Instructions!.Single().Id}/response",
            new { text = "施工许可已办结，下周一开工" })).Expect(HttpStatusCode.OK);
        var answer = (await InboxAsync(leader)).Single(n => n.Kind == "answer");
        await DeliverAsync(answer, "webhook");

        Assert.Equal(alert.Id, told.AlertId);
        Assert.Contains("督办", told.Title);
        Assert.Contains("今天报告开工准备", told.Body);
        Assert.Contains("施工许可已办结", answer.Body);
        var sent = Factory.Webhook.Calls.Skip(calls)
            .Select(c => System.Text.Json.JsonDocument.Parse(c.Body).RootElement.GetProperty("text").GetProperty("content").GetString()!).ToList();
        Assert.Contains(sent, b => b.Contains("今天报告开工准备", StringComparison.Ordinal));
        Assert.Contains(sent, b => b.Contains("施工许可已办结", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Comment_ByTheResponsiblePerson_KeptInTheHistory()
    {
        var (alert, person, _) = await StalledAsync(signedDaysAgo: 100);

        var commented = await (await person.Client.PostAsJsonAsync($"/api/alerts/{alert.Id}/comments", new { text = "企业资金已到位" })).As<AlertDto>();

        Assert.Contains(commented.History!, h => h.Event == "commented" && h.Note == "企业资金已到位");
    }
}

/// <summary>A manually resolved alert coming back (its own host: the test moves the clock).</summary>
public class AlertComesBackTests(AlertFactory factory) : AlertPeople(factory), IClassFixture<AlertFactory>
{
    [Fact]
    public async Task Resolve_ByHandWhileStillStalled_ComesBackWhenItReachesTheNextLevel()
    {
        var (alert, _, leader) = await StalledAsync(signedDaysAgo: 100);
        await (await leader.Client.PostAsJsonAsync($"/api/alerts/{alert.Id}/resolve", new { reason = "企业承诺下月开工" })).Expect(HttpStatusCode.OK);

        await Factory.ScanAsync();
        var sameLevel = await OpenAlertsAsync(alert.ProjectId!.Value, AlertRuleCodes.SignedNotStarted);
        Factory.Clock.Advance(TimeSpan.FromDays(81));
        await Factory.ScanAsync();
        var nextLevel = await OpenAlertsAsync(alert.ProjectId.Value, AlertRuleCodes.SignedNotStarted);

        Assert.Equal((AlertRuleCodes.SignedNotStarted, AlertLevel.Orange), (alert.RuleCode, alert.Level));
        Assert.Empty(sameLevel);
        Assert.Equal(AlertLevel.Red, Assert.Single(nextLevel).Level);
    }
}

/// <summary>An instruction going overdue (its own host: the test moves the clock).</summary>
public class InstructionOverdueTests(AlertFactory factory) : AlertPeople(factory), IClassFixture<AlertFactory>
{
    [Fact]
    public async Task Instruction_PastItsDueDate_BothHearOnceAndTheLeadersDigestCountsIt()
    {
        var (alert, person, leader) = await StalledAsync(signedDaysAgo: 100);
        await (await leader.Client.PostAsJsonAsync($"/api/alerts/{alert.Id}/instructions", new { text = "三日内反馈", dueOn = Factory.Today.AddDays(3) }))
            .Expect(HttpStatusCode.OK);

        Factory.Clock.Advance(TimeSpan.FromDays(4));
        await Factory.ScanAsync();
        await Factory.ScanAsync();
        var personClient = await Api.SignInAsync(person.UserName, person.Password);
        var leaderClient = await Api.SignInAsync(leader.UserName, leader.Password);
        var personHeard = (await InboxAsync(personClient)).Where(n => n.Kind == "overdue").ToList();
        var leaderInbox = await InboxAsync(leaderClient);
        var shown = await personClient.GetFromJsonAsync<AlertDto>($"/api/alerts/{alert.Id}", HttpAssertions.Json);

        Assert.Single(personHeard);
        Assert.Single(leaderInbox, n => n.Kind == "overdue");
        Assert.Contains("督办逾期未反馈 1 项", leaderInbox.First(n => n.Kind == "digest").Body);
        Assert.True(shown!.HasOverdueInstruction);
    }
}

/// <summary>An alert that escalates while snoozed (its own host: the test moves the clock).</summary>
public class SnoozedEscalationTests(AlertFactory factory) : AlertPeople(factory), IClassFixture<AlertFactory>
{
    [Fact]
    public async Task Scan_AfterASnoozeWithAnOverdueInstruction_TheResponsiblePersonStillHearsTheNewLevel()
    {
        var (alert, person, leader) = await StalledAsync(signedDaysAgo: 179);
        await (await leader.Client.PostAsJsonAsync($"/api/alerts/{alert.Id}/instructions", new { text = "今天报告开工准备", dueOn = Factory.Today }))
            .Expect(HttpStatusCode.OK);
        await (await leader.Client.PostAsJsonAsync($"/api/alerts/{alert.Id}/snooze", new { until = Factory.Today.AddDays(5), reason = "等待施工许可" }))
            .Expect(HttpStatusCode.OK);

        Factory.Clock.Advance(TimeSpan.FromDays(2));
        await Factory.ScanAsync();
        // Moving the clock expires the tokens signed in before.
        var whileSnoozed = await InboxAsync(await Api.SignInAsync(person.UserName, person.Password));
        Factory.Clock.Advance(TimeSpan.FromDays(4));
        await Factory.ScanAsync();
        var afterwards = await InboxAsync(await Api.SignInAsync(person.UserName, person.Password));

        Assert.Contains(whileSnoozed, n => n.Kind == "overdue" && n.AlertId == alert.Id && n.Level == "red");
        Assert.DoesNotContain(whileSnoozed, n => n.Kind == "alert" && n.AlertId == alert.Id && n.Level == "red");
        Assert.Single(afterwards, n => n.Kind == "alert" && n.AlertId == alert.Id && n.Level == "red");
    }
}

/// <summary>The people and alerts the accountability tests start from.</summary>
public abstract class AlertPeople(AlertFactory factory)
{
    protected AlertFactory Factory { get; } = factory;

    protected TestApi Api { get; } = new(factory);

    /// <summary>
    /// A project signed <paramref name="signedDaysAgo"/> days ago without a start (orange at 100), its open signed-not-started
    /// alert (it may owe a monthly update too, which is another alert), its responsible person and leader.
    /// </summary>
    protected async Task<(AlertDto Alert, TestUser Person, TestUser Leader)> StalledAsync(int signedDaysAgo, bool webhooks = false)
    {
        var unit = await Api.CreateUnitAsync();
        var person = await UserAsync(unit.Id, "staff", webhooks);
        var leader = await UserAsync(null, "leader", webhooks);
        var project = await new AlertSubjects(Api, Factory.Today).SignedAsync(unit.Id, person.Id, signedDaysAgo, landMode: "existingBuilding", leaderId: leader.Id);
        await Factory.ScanAsync();
        var alert = (await leader.Client.GetFromJsonAsync<Paged<AlertDto>>($"/api/alerts?projectId={project.Id}", HttpAssertions.Json))!.Items
            .Single(a => a.RuleCode == AlertRuleCodes.SignedNotStarted);
        return (alert, person, leader);
    }

    protected async Task<TestUser> UserAsync(long? unitId, string role, bool webhook)
    {
        var userName = TestApi.Unique(role);
        var user = await (await (await Api.AdminAsync()).PostAsJsonAsync("/api/users", new
        {
            userName, displayName = TestApi.Unique("用户"), password = TestApi.Password, roles = new[] { role }, unitId,
            webhookUrl = webhook ? "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=" + userName : null, webhookKind = webhook ? "wecom" : null,
        })).As<UserDto>(HttpStatusCode.Created);
        return new TestUser(user.Id, userName, TestApi.Password, await Api.SignInAsync(userName, TestApi.Password));
    }

    /// <summary>The project's alerts under <paramref name="rule"/> not yet resolved.</summary>
    protected async Task<IReadOnlyList<AlertDto>> OpenAlertsAsync(long projectId, string rule) =>
        (await (await Api.SignInAsync("admin", PipelineFactory.AdminPassword))
            .GetFromJsonAsync<Paged<AlertDto>>($"/api/alerts?projectId={projectId}&ruleCode={rule}", HttpAssertions.Json))!.Items
            .Where(a => a.Status != "resolved").ToList();

    protected static Task<IReadOnlyList<NotificationDto>> InboxAsync(TestUser user) => InboxAsync(user.Client);

    protected static async Task<IReadOnlyList<NotificationDto>> InboxAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<Paged<NotificationDto>>("/api/notifications?pageSize=200", HttpAssertions.Json))!.Items;

    /// <summary>Runs the notification's delivery on <paramref name="channel"/> as a Hangfire worker would.</summary>
    protected async Task DeliverAsync(NotificationDto notification, string channel)
    {
        await using var connection = await Factory.Database.OpenAsync();
        var id = await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection,
            "SELECT id FROM notification_deliveries WHERE notification_id = @Id AND channel = @channel", new { notification.Id, channel });
        Assert.Null(await Factory.DeliverAsync(id));
    }
}
