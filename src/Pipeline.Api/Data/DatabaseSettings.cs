using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace Pipeline.Api.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    PostgreSql,
}

/// <summary><c>Database</c>: which provider, whether to migrate at start-up, and how long a SQLite writer waits for the lock.</summary>
public sealed class DatabaseOptions : ISettings
{
    public static string Section => "Database";

    public string Provider { get; set; } = nameof(DatabaseProvider.Sqlite);

    /// <summary>
    /// Migrate at start-up; by default on SQLite and PostgreSQL (whose migrator takes an advisory lock), not on SQL Server
    /// (which migrates by the <c>migrate</c> command).
    /// </summary>
    public bool? MigrateOnStart { get; set; }

    public int BusyTimeoutMs { get; set; } = 5000;

    /// <summary>SQLite: how many idle connections the app keeps open with their compiled statements (see <see cref="Data.KeptConnections"/>).</summary>
    public int KeptConnections { get; set; } = Math.Max(4, 2 * Environment.ProcessorCount);

    /// <summary>SQLite: how many compiled statements each kept connection holds, the least recently used dropped first.</summary>
    public int StatementCacheSize { get; set; } = 128;

    public IEnumerable<string> Problems()
    {
        if (BusyTimeoutMs < 0)
        {
            yield return $"{Section}:BusyTimeoutMs must not be negative (it is {BusyTimeoutMs}).";
        }

        if (KeptConnections < 0)
        {
            yield return $"{Section}:KeptConnections must not be negative (it is {KeptConnections}).";
        }

        if (StatementCacheSize < 1)
        {
            yield return $"{Section}:StatementCacheSize must be at least 1 (it is {StatementCacheSize}).";
        }
    }
}

/// <summary>
/// The database the app talks to, resolved once at start-up from <c>Database:*</c> and <c>ConnectionStrings:*</c>;
/// <c>ReadOnlyConnectionString</c> (a readable secondary) serves reports and exports, the primary when absent.
/// </summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString, bool MigrateOnStart, int BusyTimeoutMs)
{
    public string ReadOnlyConnectionString { get; init; } = ConnectionString;

    /// <summary>Cautions about a SQL Server connection string that works but should not be used as is in production.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public int KeptConnections { get; init; } = 4;

    public int StatementCacheSize { get; init; } = 128;

    /// <summary>
    /// Npgsql prepares nothing unless told to: with <c>Max Auto Prepare</c> it prepares a statement on the server once it has
    /// run a few times on a physical connection and keeps it there across the pool. The default given here applies when the
    /// connection string does not say (say <c>Max Auto Prepare=0</c> behind PgBouncer in transaction mode, which cannot keep them).
    /// </summary>
    public const int PostgreSqlAutoPrepared = 64;

    public static DatabaseSettings From(IConfiguration configuration, string dataDirectory)
    {
        var options = configuration.ReadSettings<DatabaseOptions>();
        var providerName = options.Provider;
        if (!Enum.TryParse<DatabaseProvider>(providerName, ignoreCase: true, out var provider) || int.TryParse(providerName, out _))
        {
            throw new ConfigurationProblem(
                $"Database:Provider is '{providerName}', which is not supported. Use 'Sqlite' (the embedded default), 'SqlServer' or 'PostgreSql'.");
        }

        var busyTimeout = options.BusyTimeoutMs;
        var configured = configuration.GetConnectionString("Pipeline");
        if (provider != DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(configured))
        {
            throw new ConfigurationProblem(
                $"Database:Provider is {provider} but ConnectionStrings:Pipeline is empty. Set it (env ConnectionStrings__Pipeline).");
        }

        var secondary = configuration.GetConnectionString("PipelineReadOnly") is { Length: > 0 } readOnly ? readOnly : configured;
        if (provider == DatabaseProvider.PostgreSql)
        {
            // Migrating at start-up is safe here: the migrator holds an advisory lock, so instances starting together take turns.
            return new(provider, AutoPrepared(configured!), options.MigrateOnStart ?? true, busyTimeout) { ReadOnlyConnectionString = AutoPrepared(secondary!) };
        }

        if (provider == DatabaseProvider.SqlServer)
        {
            if (SqlServerProblem(GlobalizationIsInvariant()) is { } problem)
            {
                throw new ConfigurationProblem(problem);
            }

            return new(provider, configured!, options.MigrateOnStart ?? false, busyTimeout)
            {
                ReadOnlyConnectionString = secondary!,
                Warnings = SqlServerWarnings(configured!),
            };
        }

        var sqlite = new SqliteConnectionStringBuilder(configured ?? $"Data Source={Path.Combine(dataDirectory, "pipeline.db")}")
        {
            ForeignKeys = true,
            Pooling = true,
        };
        if (sqlite.Mode is SqliteOpenMode.ReadWriteCreate && !string.IsNullOrEmpty(sqlite.DataSource) && sqlite.DataSource != ":memory:")
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(sqlite.DataSource));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }
        }

        return new(provider, sqlite.ToString(), options.MigrateOnStart ?? true, busyTimeout)
        {
            KeptConnections = options.KeptConnections,
            StatementCacheSize = options.StatementCacheSize,
            ReadOnlyConnectionString = configuration.GetConnectionString("PipelineReadOnly") is { Length: > 0 } replica
                ? new SqliteConnectionStringBuilder(replica) { ForeignKeys = true, Pooling = true, Mode = SqliteOpenMode.ReadOnly }.ToString()
                : sqlite.ToString(),
        };
    }

    /// <summary><paramref name="connectionString"/> with <see cref="PostgreSqlAutoPrepared"/> unless it sets <c>Max Auto Prepare</c> itself.</summary>
    public static string AutoPrepared(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.ContainsKey("Max Auto Prepare") || given.ContainsKey("MaxAutoPrepare"))
        {
            return connectionString;
        }

        return new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = PostgreSqlAutoPrepared }.ConnectionString;
    }

    /// <summary>SqlClient needs ICU for collations and encodings: in globalization-invariant mode it cannot work correctly.</summary>
    public static string? SqlServerProblem(bool invariantGlobalization) => invariantGlobalization
        ? "SQL Server needs ICU, but globalization-invariant mode is on. Install ICU (Debian: libicu72) and unset DOTNET_SYSTEM_GLOBALIZATION_INVARIANT (or InvariantGlobalization)."
        : null;

    public static IReadOnlyList<string> SqlServerWarnings(string connectionString)
    {
        var builder = new SqlConnectionStringBuilder(connectionString);
        var warnings = new List<string>();
        if (builder.Encrypt == SqlConnectionEncryptOption.Optional)
        {
            warnings.Add("ConnectionStrings:Pipeline turns encryption off (Encrypt=False): passwords and data cross the network in clear text.");
        }

        if (builder.TrustServerCertificate)
        {
            warnings.Add("ConnectionStrings:Pipeline trusts any server certificate (TrustServerCertificate=True): the connection can be intercepted; install a trusted certificate instead.");
        }

        return warnings;
    }

    /// <summary>Whether the process runs without ICU (set by DOTNET_SYSTEM_GLOBALIZATION_INVARIANT or the project).</summary>
    public static bool GlobalizationIsInvariant()
    {
        if (AppContext.TryGetSwitch("System.Globalization.Invariant", out var invariant) && invariant)
        {
            return true;
        }

        try
        {
            return System.Globalization.CultureInfo.GetCultureInfo("zh-CN").NumberFormat.NativeDigits.Length == 0;
        }
        catch (System.Globalization.CultureNotFoundException)
        {
            return true;
        }
    }
}

/// <summary>A configuration mistake that must stop start-up with a message, not a stack trace.</summary>
public sealed class ConfigurationProblem(string message) : Exception(message);
