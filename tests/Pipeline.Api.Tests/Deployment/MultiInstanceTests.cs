using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Dapper;
using Pipeline.Api.Data;
using Pipeline.Api.Features.Alerts;
using Pipeline.Api.Features.Auth;
using Pipeline.Api.Hosting;
using Pipeline.Api.Tests.Features.Alerts;
using Pipeline.Api.Tests.Infrastructure;

namespace Pipeline.Api.Tests.Deployment;

/// <summary>
/// Scale-out: two app processes on one database, each with its own Hangfire server, running the alert scan and
/// delivering notifications at the same time, as two instances behind nginx do.
/// </summary>
public class MultiInstanceTests
{
    private const int SubjectsBefore = 6;
    private const int SubjectsAfter = 6;

    private sealed class Seeder(TestDatabase database) : PipelineFactory(database, ownsDatabase: false);

    [Fact]
    public async Task TwoInstances_ScanAndDeliverAtOnce_EachAlertNotificationAndWebhookCallOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = TestDatabase.Create(TestDatabase.DefaultProvider);
        using var webhook = new WebhookReceiver();
        var projects = new List<long>();
        long seederScan;
        await using (var seeder = new Seeder(database))
        {
            // The seeder's clock is today's, so the instances (on the real clock) see the same ages.
            seeder.Clock.SetUtcNow(DateTimeOffset.UtcNow);
            var api = new TestApi(seeder);
            var unit = await api.CreateUnitAsync();
            var userName = TestApi.Unique("zhao");
            var person = await (await (await api.AdminAsync()).PostAsJsonAsync("/api/users", new
            {
                userName, displayName = "赵敏", password = TestApi.Password, roles = new[] { "staff" }, unitId = unit.Id,
            }, ct)).As<Api.Features.Users.UserDto>(HttpStatusCode.Created);

            // The API takes only https robot hosts (Pipeline:Webhooks:AllowedHosts); the local receiver is plain http, so it is set in the table.
            await using (var connection = await database.OpenAsync())
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"UPDATE users SET webhook_url = '{webhook.Url}', webhook_kind = 'json' WHERE id = {person.Id}";
                await command.ExecuteNonQueryAsync(ct);
            }

            var subjects = new AlertSubjects(api, seeder.Today);
            for (var i = 0; i < SubjectsBefore; i++)
            {
                projects.Add((await subjects.SignedAsync(unit.Id, person.Id, 100 + i, landMode: "existingBuilding")).Id);
            }

            // Outbox rows waiting for delivery when the instances start: both re-queue them, so both try to send each.
            seederScan = (await seeder.ScanAsync()).ScanId;
            for (var i = 0; i < SubjectsAfter; i++)
            {
                projects.Add((await subjects.SignedAsync(unit.Id, person.Id, 100 + i, landMode: "existingBuilding")).Id);
            }
        }

        var settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = database.Provider.ToString(),
            ["ConnectionStrings:Pipeline"] = database.ConnectionString,
            ["Pipeline:DataDirectory"] = database.Directory,
            ["Pipeline:Auth:SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Pipeline:Bootstrap:AdminPassword"] = PipelineFactory.AdminPassword,
        };
        var instances = await Task.WhenAll(AppProcess.StartAsync(settings, ct), AppProcess.StartAsync(settings, ct));
        await using var a = instances[0];
        await using var b = instances[1];

        var token = await (await a.Client().PostAsJsonAsync("/api/auth/token", new { userName = "admin", password = PipelineFactory.AdminPassword }, ct))
            .As<TokenResponse>();
        using var onA = a.Client();
        using var onB = b.Client();
        onA.DefaultRequestHeaders.Authorization = onB.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        await (await onB.GetAsync("/api/me", ct)).Expect(HttpStatusCode.OK);
        var scans = await Task.WhenAll(onA.PostAsync("/api/alerts/scan", null, ct), onB.PostAsync("/api/alerts/scan", null, ct));
        Assert.All(scans, s => Assert.Equal(HttpStatusCode.Accepted, s.StatusCode));

        var manual = await UntilAsync(async () =>
        {
            var done = (await onA.GetFromJsonAsync<Paged<ScanDto>>("/api/alerts/scans?pageSize=50", HttpAssertions.Json, ct))!
                .Items.Where(s => s.Id > seederScan && s.FinishedAt is not null).ToList();
            await using var connection = await database.OpenAsync();
            var undelivered = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM notification_deliveries WHERE status <> 'sent'");
            return done.Count == 2 && undelivered == 0 && webhook.Calls.Count >= SubjectsBefore + SubjectsAfter ? done : null;
        }, a, b, ct);

        await using var db = await database.OpenAsync();
        var alerts = (await db.QueryAsync<long>(
            $"SELECT project_id FROM alerts WHERE project_id {SqlDialects.For(database.Provider).InList("@projects")}", new { projects })).ToList();
        var repeatedNotifications = await db.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM (SELECT alert_id, level, user_id FROM notifications GROUP BY alert_id, level, user_id HAVING COUNT(*) > 1) d");
        var deliveries = await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM notification_deliveries WHERE channel = 'webhook' AND status = 'sent'");
        Assert.Equal(projects.Order(), alerts.Order());
        Assert.Equal(0, repeatedNotifications);
        Assert.Equal(SubjectsBefore + SubjectsAfter, deliveries);
        Assert.Equal(SubjectsBefore + SubjectsAfter, webhook.Calls.Count);
        Assert.Equal(webhook.Calls.Count, webhook.Calls.Distinct().Count());
        Assert.All(manual, s => Assert.Equal("manual", s.Trigger));
        Assert.Equal(SubjectsAfter, manual.Sum(s => s.NewAlerts));
    }

    [Fact]
    public async Task TwoInstances_DifferentSigningKeys_TokenFromOneRefusedByTheOther()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = TestDatabase.Create(TestDatabase.DefaultProvider);
        Dictionary<string, string> Settings(string key) => new()
        {
            ["Database:Provider"] = database.Provider.ToString(),
            ["ConnectionStrings:Pipeline"] = database.ConnectionString,
            ["Database:MigrateOnStart"] = "true",
            ["Pipeline:DataDirectory"] = database.Directory,
            ["Pipeline:Auth:SigningKey"] = key,
            ["Pipeline:Bootstrap:AdminPassword"] = PipelineFactory.AdminPassword,
            ["Pipeline:Jobs:Server"] = "false",
        };

        await using var a = await AppProcess.StartAsync(Settings(Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))), ct);
        await using var b = await AppProcess.StartAsync(Settings(Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))), ct);
        var token = await (await a.Client().PostAsJsonAsync("/api/auth/token", new { userName = "admin", password = PipelineFactory.AdminPassword }, ct))
            .As<TokenResponse>();
        using var onB = b.Client();
        onB.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);

        await (await onB.GetAsync("/api/me", ct)).Problem(HttpStatusCode.Unauthorized);
    }

    /// <summary>Polls until <paramref name="check"/> returns a result (the instances work in the background), for at most a minute.</summary>
    private static async Task<T> UntilAsync<T>(Func<Task<T?>> check, AppProcess a, AppProcess b, CancellationToken ct)
        where T : class
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            if (await check() is { } result)
            {
                return result;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"The instances did not finish within a minute.\n--- A ---\n{a.Output}\n--- B ---\n{b.Output}");
            }

            await Task.Delay(200, ct);
        }
    }
}
