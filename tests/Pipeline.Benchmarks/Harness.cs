using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Dapper;
using Npgsql;
using Pipeline.Api.Data;
using Pipeline.Api.Tests.Infrastructure;

namespace Pipeline.Benchmarks;

/// <summary>
/// How big a run is: <c>--projects N</c>, <c>--seconds S</c> per load run, <c>--import-rows R</c>, <c>--small</c>,
/// <c>--work DIR</c>; for iterating on one budget, <c>--scan-only</c> measures only the scan, <c>--reads-only</c> only the
/// reads (the list, one project and the list's 304, each beside its floor), and <c>--reuse</c> keeps the
/// data an earlier run seeded, as that run left it (a full run's imports add projects to it). <c>--provider PostgreSql</c>
/// with <c>--server CS</c> (a server connection string with rights to create databases) measures on PostgreSQL.
/// </summary>
public sealed record Options(int Projects, int Seconds, int ImportRows, string Work, bool Small)
{
    public bool Reuse { get; init; }

    public bool ScanOnly { get; init; }

    public bool ReadsOnly { get; init; }

    public DatabaseProvider Provider { get; init; }

    public string? Server { get; init; }

    public static Options Parse(string[] args)
    {
        var small = args.Contains("--small");
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Number(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new Options(
            Number("--projects", small ? 3_000 : 100_000),
            Number("--seconds", small ? 2 : 10),
            Number("--import-rows", small ? 1_000 : 10_000),
            Value("--work") ?? Path.Combine(Path.GetTempPath(), "pipeline-bench"),
            small)
        {
            Reuse = args.Contains("--reuse"),
            ScanOnly = args.Contains("--scan-only"),
            ReadsOnly = args.Contains("--reads-only"),
            Provider = Value("--provider") is { } provider ? Enum.Parse<DatabaseProvider>(provider, ignoreCase: true) : DatabaseProvider.Sqlite,
            Server = Value("--server"),
        };
    }
}

/// <summary>What the harness shares: where the app is, how it is configured, and how processes are pinned to cores.</summary>
public static class Harness
{
    public const string AdminPassword = "Bench-Admin-2026!";

    /// <summary>The API's core; the load generator gets the other one, so they do not compete.</summary>
    public const int ServerCore = 0;

    public const int LoadCore = 1;

    /// <summary>The database every data set of this run lives in: a SQLite file in its folder, or a database of its own on the server.</summary>
    public static DatabaseProvider Provider { get; private set; } = DatabaseProvider.Sqlite;

    private static string? _server;

    public static ISqlDialect Dialect => SqlDialects.For(Provider);

    public static void Use(Options options)
    {
        if (options.Provider == DatabaseProvider.PostgreSql && options.Server is null)
        {
            throw new InvalidOperationException("--provider PostgreSql needs --server (tests/Pipeline.Benchmarks/run starts a cluster and passes it).");
        }

        (Provider, _server) = (options.Provider, options.Server);
    }

    /// <summary>The data set in <paramref name="dataDirectory"/>: its SQLite file, or the server database named after the folder.</summary>
    public static string ConnectionString(string dataDirectory) => Provider == DatabaseProvider.PostgreSql
        ? new NpgsqlConnectionStringBuilder(_server) { Database = "pipeline_bench_" + Path.GetFileName(dataDirectory) }.ConnectionString
        : $"Data Source={Path.Combine(dataDirectory, "pipeline.db")}";

    public static async Task<DbConnection> OpenAsync(string dataDirectory)
    {
        DbConnection connection = Provider == DatabaseProvider.PostgreSql
            ? new NpgsqlConnection(ConnectionString(dataDirectory))
            : new Microsoft.Data.Sqlite.SqliteConnection(ConnectionString(dataDirectory) + ";Mode=ReadOnly");
        await connection.OpenAsync();
        return connection;
    }

    public static IReadOnlyDictionary<string, string> AppSettings(string dataDirectory) => new Dictionary<string, string>
    {
        ["Database:Provider"] = Provider.ToString(),
        ["ConnectionStrings:Pipeline"] = ConnectionString(dataDirectory),
        ["Pipeline:DataDirectory"] = dataDirectory,
        ["Pipeline:Bootstrap:AdminPassword"] = AdminPassword,
        ["Pipeline:Auth:SigningKey"] = "benchmark-signing-key-not-for-production-use-0123456789",
        ["Pipeline:Auth:TokenRequestsPerWindow"] = "100000",
        // The daily scan and deliveries would only add noise; the scan is measured on its own.
        ["Pipeline:Jobs:Server"] = "false",
    };

    /// <summary>Fills <paramref name="dataDirectory"/> with <paramref name="projects"/> projects through the app's own seed command.</summary>
    public static async Task<(TimeSpan Elapsed, string Output)> SeedAsync(string dataDirectory, int projects, bool reuse)
    {
        if (reuse && await SeededAsync(dataDirectory))
        {
            return (TimeSpan.Zero, "Seeded earlier (--reuse).");
        }

        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }

        if (Provider == DatabaseProvider.PostgreSql)
        {
            await using var server = new NpgsqlConnection(_server);
            await server.OpenAsync();
            await server.ExecuteAsync($"DROP DATABASE IF EXISTS pipeline_bench_{Path.GetFileName(dataDirectory)} WITH (FORCE)");
        }

        Directory.CreateDirectory(dataDirectory);
        var watch = Stopwatch.StartNew();
        var (exitCode, output) = await AppProcess.RunAsync(AppSettings(dataDirectory),
            ["seed", "--projects", projects.ToString(CultureInfo.InvariantCulture), "--seed", "42"], CancellationToken.None, TimeSpan.FromMinutes(30));
        return exitCode == 0 ? (watch.Elapsed, output) : throw new InvalidOperationException($"seed failed:\n{output}");
    }

    private static async Task<bool> SeededAsync(string dataDirectory)
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            return File.Exists(Path.Combine(dataDirectory, "pipeline.db"));
        }

        try
        {
            await using var connection = await OpenAsync(dataDirectory);
            return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM projects") > 0;
        }
        catch (PostgresException)
        {
            return false;
        }
    }

    /// <summary>The API on the server core.</summary>
    public static Task<AppProcess> StartServerAsync(string dataDirectory) =>
        AppProcess.StartAsync(new Dictionary<string, string>(AppSettings(dataDirectory)) { ["Logging:LogLevel:Default"] = "Warning" },
            CancellationToken.None, CanPin ? ["/usr/bin/taskset", "-c", ServerCore.ToString(CultureInfo.InvariantCulture)] : null);

    private static ProcessStartInfo PinnedStart(int core, IReadOnlyList<string> command)
    {
        var pin = CanPin;
        var start = new ProcessStartInfo(pin ? "/usr/bin/taskset" : command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in pin ? ["-c", core.ToString(CultureInfo.InvariantCulture), .. command] : command.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    private static bool CanPin => Environment.ProcessorCount > 1 && File.Exists("/usr/bin/taskset");

    public static async Task<string> RunPinnedAsync(int core, IReadOnlyList<string> command)
    {
        using var process = Process.Start(PinnedStart(core, command))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await output + await error;
        return process.ExitCode == 0 ? text : throw new InvalidOperationException($"{command[0]} failed:\n{text}");
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>
    /// The median of <paramref name="runs"/> timings of <paramref name="work"/>, in milliseconds, after running it for two
    /// seconds and at least twenty times: .NET optimises a method only after some thirty calls, in the background, and a
    /// server's hot code is optimised. After one warm-up run the signed-not-started report at 3,000 projects measured
    /// 4.4 ms against its statements' 1.3 ms, though a server under load spent 1.2 ms of CPU on each.
    /// </summary>
    public static async Task<double> MedianMsAsync(int runs, Func<Task<TimeSpan>> work)
    {
        var warming = Stopwatch.StartNew();
        for (var run = 0; run < 20 || warming.Elapsed < TimeSpan.FromSeconds(2); run++)
        {
            await work();
        }

        var timings = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            timings.Add((await work()).TotalMilliseconds);
        }

        return Median(timings);
    }

    public static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"{cpu ?? "unknown CPU"}, {Environment.ProcessorCount} cores, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
    }
}
