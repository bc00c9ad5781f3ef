using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Api.Data;
using Pipeline.Api.Features.Alerts;
using Pipeline.Api.Features.Auth;

namespace Pipeline.Benchmarks;

/// <summary>A statement as the app ran it: its text for the active provider and its arguments.</summary>
public sealed record Statement(string Sql, object? Args);

/// <summary>Records the statements the app runs while a recording is on, to replay them bare against the database.</summary>
public sealed class StatementRecorder(ISqlDialect dialect) : ISqlObserver
{
    private List<Statement>? _recording;

    public void Observe(SqlText sql, object? args)
    {
        if (Volatile.Read(ref _recording) is { } recording)
        {
            lock (recording)
            {
                recording.Add(new Statement(sql(dialect), args));
            }
        }
    }

    public async Task<IReadOnlyList<Statement>> RecordAsync(Func<Task> work)
    {
        var recording = new List<Statement>();
        Volatile.Write(ref _recording, recording);
        try
        {
            await work();
        }
        finally
        {
            Volatile.Write(ref _recording, null);
        }

        return recording;
    }
}

/// <summary>
/// The app in this process (the real pipeline over TestServer) on a seeded database, for the measurements that compare
/// the app with its own SQL run bare: the scan, the reports, paging and the ledger import.
/// </summary>
public sealed class BenchHost(string dataDirectory) : WebApplicationFactory<Program>
{
    public StatementRecorder Recorder => Services.GetRequiredService<StatementRecorder>();

    public Db Db => Services.GetRequiredService<Db>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in Harness.AppSettings(dataDirectory))
        {
            builder.UseSetting(key, value);
        }

        builder.UseContentRoot(Path.Combine(Pipeline.Api.Tests.Infrastructure.AppProcess.RepositoryRoot, "src", "Pipeline.Api"));
        builder.UseEnvironment("Production");
        builder.ConfigureLogging(logging => logging.AddFilter((_, level) => level >= LogLevel.Warning));
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<StatementRecorder>();
            services.AddSingleton<ISqlObserver>(sp => sp.GetRequiredService<StatementRecorder>());
        });
    }

    public async Task<HttpClient> SignedInAsync(string userName, string password)
    {
        var response = await CreateClient().PostAsJsonAsync("/api/auth/token", new { userName, password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
        // Without redirects the test client does not buffer each request body to be able to send it again, which
        // would show up in the import's memory as if the app held the whole file.
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        client.Timeout = TimeSpan.FromMinutes(10);
        return client;
    }

    /// <summary>One alert scan as the daily job runs it.</summary>
    public async Task<TimeSpan> ScanAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var scan = scope.ServiceProvider.GetRequiredService<AlertScan>();
        var watch = Stopwatch.StartNew();
        await scan.RunAsync("benchmark", null, CancellationToken.None);
        return watch.Elapsed;
    }

    /// <summary>Back to no alerts at all, so that every timed scan does the same work: open every alert anew.</summary>
    public async Task ResetAlertsAsync()
    {
        string[] tables = ["notification_deliveries", "notifications", "alert_instructions", "alert_history", "alert_candidates", "alerts"];
        await using var connection = await OpenAsync();
        if (Harness.Provider == DatabaseProvider.PostgreSql)
        {
            // Deleting alerts checks notifications by alert_id for each row, and its only index there is partial (kind =
            // 'alert'), which the check cannot use: at 100,000 projects that outlasted the command timeout.
            var list = string.Join(", ", tables);
            await connection.ExecuteAsync($"TRUNCATE {list}");
            // Counted now, so that autovacuum does not count them in the middle of the next scan: in the bare replay, one
            // transaction, it would find them empty while the replay fills them (see AlertScan).
            await connection.ExecuteAsync($"ANALYZE {list}");
            return;
        }

        foreach (var table in tables)
        {
            await connection.ExecuteAsync($"DELETE FROM {table}");
        }
    }

    /// <summary>Runs recorded statements straight against the database, reading every row they return.</summary>
    public async Task<TimeSpan> ReplayAsync(IReadOnlyList<Statement> statements, bool inTransaction)
    {
        await using var connection = await OpenAsync();
        var values = new object[128];
        var watch = Stopwatch.StartNew();
        await using var transaction = inTransaction ? await connection.BeginTransactionAsync() : null;
        foreach (var statement in statements)
        {
            if (statement.Args is System.Collections.IEnumerable and not System.Collections.IDictionary and not string)
            {
                // One statement per item of a list (Dapper's multi-exec); nothing to read.
                await connection.ExecuteAsync(statement.Sql, statement.Args, transaction);
                continue;
            }

            await using var reader = await connection.ExecuteReaderAsync(statement.Sql, statement.Args, transaction);
            do
            {
                while (await reader.ReadAsync())
                {
                    reader.GetValues(values);
                }
            }
            while (await reader.NextResultAsync());
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync();
        }

        return watch.Elapsed;
    }

    public async Task<System.Data.Common.DbConnection> OpenAsync()
    {
        var connection = Db.CreateConnection(Db.Settings.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
