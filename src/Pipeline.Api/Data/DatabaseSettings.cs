using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace Pipeline.Api.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>The database the app talks to, resolved once at start-up from <c>Database:*</c> and <c>ConnectionStrings:*</c>.</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString, bool MigrateOnStart, int BusyTimeoutMs)
{
    public static DatabaseSettings From(IConfiguration configuration, string dataDirectory)
    {
        var providerName = configuration["Database:Provider"] ?? nameof(DatabaseProvider.Sqlite);
        if (!Enum.TryParse<DatabaseProvider>(providerName, ignoreCase: true, out var provider) || int.TryParse(providerName, out _))
        {
            throw new ConfigurationProblem(
                $"Database:Provider is '{providerName}', which is not supported. Use 'Sqlite' (the embedded default) or 'SqlServer'.");
        }

        var busyTimeout = configuration.GetValue("Database:BusyTimeoutMs", 5000);
        var configured = configuration.GetConnectionString("Pipeline");
        if (provider == DatabaseProvider.SqlServer)
        {
            if (string.IsNullOrWhiteSpace(configured))
            {
                throw new ConfigurationProblem(
                    "Database:Provider is SqlServer but ConnectionStrings:Pipeline is empty. Set it (env ConnectionStrings__Pipeline).");
            }

            _ = new SqlConnectionStringBuilder(configured);
            return new(provider, configured, configuration.GetValue("Database:MigrateOnStart", false), busyTimeout);
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

        return new(provider, sqlite.ToString(), MigrateOnStart: true, busyTimeout);
    }
}

/// <summary>A configuration mistake that must stop start-up with a message, not a stack trace.</summary>
public sealed class ConfigurationProblem(string message) : Exception(message);
