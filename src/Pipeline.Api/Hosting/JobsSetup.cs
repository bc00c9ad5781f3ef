using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.SqlServer;
using Pipeline.Api.Features.Alerts;
using Pipeline.Api.Features.Notifications;

namespace Pipeline.Api.Hosting;

/// <summary>
/// Hangfire: SQL Server or PostgreSQL storage (schema <c>hangfire</c>, installed by the migrator), in memory with SQLite — our
/// own tables hold the durable state, so there at start-up the recurring scan is registered again and undelivered
/// notifications re-queued.
/// Storage and activator are this app's own (not Hangfire's process-wide defaults), so several hosts can share a process.
/// </summary>
public static class JobsSetup
{
    public const string ScanJobId = "alerts-scan";
    public const string DashboardCookie = "pipeline_dashboard";

    public static void AddPipelineJobs(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSettings<JobsOptions>();
        services.AddSingleton<JobStorage>(sp => sp.GetRequiredService<DatabaseSettings>() switch
        {
            { Provider: DatabaseProvider.SqlServer } settings =>
                new SqlServerStorage(settings.ConnectionString, new SqlServerStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = false }),
            { Provider: DatabaseProvider.PostgreSql } settings => PostgreSqlJobs(settings.ConnectionString),
            _ => new InMemoryStorage(),
        });
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, configuration) => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HangfireLogs(sp.GetRequiredService<ILoggerFactory>())));
        if (builder.Configuration.ReadSettings<JobsOptions>().Server)
        {
            services.AddHangfireServer((sp, options) =>
            {
                options.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
                options.WorkerCount = sp.GetRequiredService<IOptions<JobsOptions>>().Value.Workers;
            });
        }
    }

    private static PostgreSqlStorage PostgreSqlJobs(string connectionString)
    {
        var options = new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = false };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }

    /// <summary>The dashboard for admins only, by policy (not Hangfire's "local requests only", which is wrong behind a proxy).</summary>
    public static void MapPipelineDashboard(this WebApplication app) =>
        app.MapHangfireDashboardWithAuthorizationPolicy(Policies.Admin, "/hangfire", new DashboardOptions
        {
            DashboardTitle = "Pipeline 后台任务",
            Authorization = [],
            AppPath = null,
        });

    /// <summary>
    /// Registers the daily scan (in the city's time zone) and, where jobs live in memory (SQLite), re-queues what was not
    /// delivered before the last stop; SQL Server and PostgreSQL storage keep their queue across restarts, so every instance
    /// starting would only queue the same deliveries again.
    /// </summary>
    public static async Task StartJobsAsync(this WebApplication app, CancellationToken ct)
    {
        var options = app.Services.GetRequiredService<IOptions<AlertOptions>>().Value;
        var clock = app.Services.GetRequiredService<BusinessClock>();
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<AlertScan>(
            ScanJobId, scan => scan.RunScheduledAsync(CancellationToken.None), options.ScanCron, new RecurringJobOptions { TimeZone = clock.Zone });
        if (app.Services.GetRequiredService<JobStorage>() is not InMemoryStorage)
        {
            return;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var requeued = await scope.ServiceProvider.GetRequiredService<NotificationOutbox>().RequeueUndeliveredAsync(clock.UtcNow, ct);
        if (requeued > 0)
        {
            app.Logger.LogInformation("Re-queued {Count} undelivered notification(s).", requeued);
        }
    }

    /// <summary><c>Pipeline:Jobs</c>: whether this instance runs Hangfire workers, and how many.</summary>
    public sealed class JobsOptions : ISettings
    {
        public static string Section => "Pipeline:Jobs";

        /// <summary>Run workers in this instance; false makes it serve HTTP only.</summary>
        public bool Server { get; set; } = true;

        public int Workers { get; set; } = Math.Min(Environment.ProcessorCount * 2, 8);

        public IEnumerable<string> Problems()
        {
            if (Workers < 1)
            {
                yield return $"{Section}:Workers must be at least 1 (it is {Workers}).";
            }
        }
    }

    /// <summary>
    /// Hangfire's logging is process-wide and outlives a host; when a host has stopped (as test hosts do while others
    /// still run), its messages are dropped instead of failing the job client.
    /// </summary>
    private sealed class HangfireLogs(ILoggerFactory factory) : Hangfire.Logging.ILogProvider
    {
        public Hangfire.Logging.ILog GetLogger(string name) => new Forwarder(factory, name);

        private sealed class Forwarder(ILoggerFactory factory, string name) : Hangfire.Logging.ILog
        {
            public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
            {
                try
                {
                    var logger = factory.CreateLogger(name);
                    var level = logLevel switch
                    {
                        Hangfire.Logging.LogLevel.Trace => LogLevel.Trace,
                        Hangfire.Logging.LogLevel.Debug => LogLevel.Debug,
                        Hangfire.Logging.LogLevel.Info => LogLevel.Information,
                        Hangfire.Logging.LogLevel.Warn => LogLevel.Warning,
                        Hangfire.Logging.LogLevel.Error => LogLevel.Error,
                        _ => LogLevel.Critical,
                    };
                    if (messageFunc is null)
                    {
                        return logger.IsEnabled(level);
                    }

                    logger.Log(level, exception, "{Message}", messageFunc());
                    return true;
                }
                catch (ObjectDisposedException)
                {
                    return false;
                }
            }
        }
    }
}
