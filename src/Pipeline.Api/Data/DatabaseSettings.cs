using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Pipeline.Api.Hosting;

namespace Pipeline.Api.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary><c>Database</c>: which provider, whether to migrate at start-up, and how long a SQLite writer waits for the lock.</summary>
public sealed class DatabaseOptions : ISettings
{
    public static string Section => "Database";

    public string Provider { get; set; } = nameof(DatabaseProvider.Sqlite);

    /// <summary>Migrate at start-up; by default on SQLite only (server databases migrate by the <c>migrate</c> command).</summary>
    public bool? MigrateOnStart { get; set; }

    public int BusyTimeoutMs { get; set; } = 5000;

    public IEnumerable<string> Problems()
    {
        if (BusyTimeoutMs < 0)
        {
            yield return $"{Section}:BusyTimeoutMs must not be negative (it is {BusyTimeoutMs}).";
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

    public static DatabaseSettings From(IConfiguration configuration, string dataDirectory)
    {
        var options = configuration.ReadSettings<DatabaseOptions>();
        var providerName = options.Provider;
        if (!Enum.TryParse<DatabaseProvider>(providerName, ignoreCase: true, out var provider) || int.TryParse(providerName, out _))
        {
            throw new ConfigurationProblem(
                $"Database:Provider is '{providerName}', which is not supported. Use 'Sqlite' (the embedded default) or 'SqlServer'.");
        }

        var busyTimeout = options.BusyTimeoutMs;
        var configured = configuration.GetConnectionString("Pipeline");
        if (provider == DatabaseProvider.SqlServer)
        {
            if (string.IsNullOrWhiteSpace(configured))
            {
                throw new ConfigurationProblem(
                    "Database:Provider is SqlServer but ConnectionStrings:Pipeline is empty. Set it (env ConnectionStrings__Pipeline).");
            }

            if (SqlServerProblem(GlobalizationIsInvariant()) is { } problem)
            {
                throw new ConfigurationProblem(problem);
            }

            return new(provider, configured, options.MigrateOnStart ?? false, busyTimeout)
            {
                ReadOnlyConnectionString = configuration.GetConnectionString("PipelineReadOnly") is { Length: > 0 } secondary ? secondary : configured,
                Warnings = SqlServerWarnings(configured),
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
            ReadOnlyConnectionString = configuration.GetConnectionString("PipelineReadOnly") is { Length: > 0 } replica
                ? new SqliteConnectionStringBuilder(replica) { ForeignKeys = true, Pooling = true, Mode = SqliteOpenMode.ReadOnly }.ToString()
                : sqlite.ToString(),
        };
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
