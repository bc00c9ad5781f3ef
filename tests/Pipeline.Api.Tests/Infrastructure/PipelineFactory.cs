using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Api.Data;

namespace Pipeline.Api.Tests.Infrastructure;

/// <summary>
/// The real app over HTTP (TestServer), on a database of its own, with a fake clock and the SQL Server parse check.
/// One per test class; tests keep to their own data (units, users, projects they create), so order never matters.
/// </summary>
public class PipelineFactory : WebApplicationFactory<Program>
{
    public const string AdminPassword = "Admin-Pass-2026!";

    /// <summary>Monday 2026-06-15, 10:00 in Shanghai.</summary>
    public static readonly DateTimeOffset Start = new(2026, 6, 15, 2, 0, 0, TimeSpan.Zero);

    private readonly bool _ownsDatabase;

    public PipelineFactory()
        : this(TestDatabase.Create(TestDatabase.DefaultProvider), ownsDatabase: true)
    {
    }

    /// <summary>A host on an existing database, as when the app restarts.</summary>
    protected PipelineFactory(TestDatabase database, bool ownsDatabase)
    {
        Database = database;
        _ownsDatabase = ownsDatabase;
    }

    public TestDatabase Database { get; }

    public FakeTimeProvider Clock { get; } = new(Start);

    /// <summary>Today in the city's time zone, as the app sees it.</summary>
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime);

    /// <summary>Runs the alert scan now, as the scheduled job would.</summary>
    public async Task<Api.Features.Alerts.ScanResult> ScanAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Api.Features.Alerts.AlertScan>().RunAsync("manual", null, CancellationToken.None);
    }

    /// <summary>Runs one notification delivery job now, as a Hangfire worker would; returns its error, if it failed.</summary>
    public async Task<Exception?> DeliverAsync(long deliveryId)
    {
        await using var scope = Services.CreateAsyncScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<Api.Features.Notifications.NotificationDelivery>().DeliverAsync(deliveryId, CancellationToken.None);
            return null;
        }
        catch (InvalidOperationException e)
        {
            return e;
        }
    }

    /// <summary>Settings a test class needs on top of the defaults below.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = Database.Provider.ToString(),
            ["ConnectionStrings:Pipeline"] = Database.ConnectionString,
            ["Database:MigrateOnStart"] = "true",
            ["Pipeline:DataDirectory"] = Database.Directory,
            ["Pipeline:Bootstrap:AdminUserName"] = "admin",
            ["Pipeline:Bootstrap:AdminPassword"] = AdminPassword,
            ["Pipeline:Auth:SigningKey"] = Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + Convert.ToBase64String(Guid.NewGuid().ToByteArray()),
            // Fast hashing and a generous token limit keep tests quick; the limiter and hashing have their own tests.
            ["Pipeline:Auth:PasswordHashIterations"] = "1000",
            ["Pipeline:Auth:TokenRequestsPerWindow"] = "100000",
            // Tests move the clock on by hours between requests; the idle timeout has its own tests (SessionTests).
            ["Pipeline:Auth:IdleTimeoutMinutes"] = "480",
            // Most tests sign projects without a review; the gate itself is tested under each setting in ReviewGateTests.
            ["Pipeline:Review:RequiredForSigning"] = "none",
            // Jobs are real Hangfire jobs enqueued to the app's own storage; tests run them directly rather than wait for a worker.
            ["Pipeline:Jobs:Server"] = "false",
        };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseEnvironment("Testing");
        builder.ConfigureLogging(logging => logging.AddProvider(new ServerErrors()));
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<ISqlObserver, TSqlParseCheck>();
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDatabase)
        {
            await Database.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
