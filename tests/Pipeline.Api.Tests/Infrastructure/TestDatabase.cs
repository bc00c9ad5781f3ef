using Microsoft.Data.SqlClient;
using Npgsql;
using Pipeline.Api.Data;

namespace Pipeline.Api.Tests.Infrastructure;

/// <summary>
/// A database of its own for one test class or data test: a SQLite file in a temp folder, or a fresh SQL Server or
/// PostgreSQL database (created by the migrator, dropped afterwards) on the server that <c>PIPELINE_TEST_SQLSERVER</c> or
/// <c>PIPELINE_TEST_POSTGRESQL</c> names. <c>PIPELINE_TEST_PROVIDER</c> chooses the provider of the API tests.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string SqlServerVariable = "PIPELINE_TEST_SQLSERVER";
    public const string PostgreSqlVariable = "PIPELINE_TEST_POSTGRESQL";
    public const string ProviderVariable = "PIPELINE_TEST_PROVIDER";

    private TestDatabase(DatabaseProvider provider, string connectionString, string directory, string? serverName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Directory = directory;
        ServerName = serverName;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    /// <summary>A temp folder of its own (the SQLite file, signing keys and any other data files live here).</summary>
    public string Directory { get; }

    /// <summary>The server database's name, when it is on a server.</summary>
    private string? ServerName { get; }

    public static string? SqlServerConnection => Environment.GetEnvironmentVariable(SqlServerVariable) is { Length: > 0 } cs ? cs : null;

    public static string? PostgreSqlConnection => Environment.GetEnvironmentVariable(PostgreSqlVariable) is { Length: > 0 } cs ? cs : null;

    /// <summary>The provider API tests run on: the one <c>PIPELINE_TEST_PROVIDER</c> names, else SQL Server where configured, else SQLite.</summary>
    public static DatabaseProvider DefaultProvider =>
        Environment.GetEnvironmentVariable(ProviderVariable) is { Length: > 0 } name
            ? Enum.Parse<DatabaseProvider>(name, ignoreCase: true)
            : SqlServerConnection is null ? DatabaseProvider.Sqlite : DatabaseProvider.SqlServer;

    /// <summary>Whether a database of <paramref name="provider"/> can be had here.</summary>
    public static bool IsConfigured(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.SqlServer => SqlServerConnection is not null,
        DatabaseProvider.PostgreSql => PostgreSqlConnection is not null,
        _ => true,
    };

    public static TestDatabase Create(DatabaseProvider provider)
    {
        var directory = Path.Combine(Path.GetTempPath(), "pipeline-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        if (provider == DatabaseProvider.Sqlite)
        {
            return new TestDatabase(provider, $"Data Source={Path.Combine(directory, "pipeline.db")}", directory, null);
        }

        var name = "pipeline_test_" + Guid.NewGuid().ToString("N")[..12];
        if (provider == DatabaseProvider.PostgreSql)
        {
            var postgres = PostgreSqlConnection ?? throw new InvalidOperationException($"{PostgreSqlVariable} is not set.");
            return new TestDatabase(provider, new NpgsqlConnectionStringBuilder(postgres) { Database = name }.ConnectionString, directory, name);
        }

        var server = SqlServerConnection ?? throw new InvalidOperationException($"{SqlServerVariable} is not set.");
        var builder = new SqlConnectionStringBuilder(server) { InitialCatalog = name };
        return new TestDatabase(provider, builder.ConnectionString, directory, name);
    }

    /// <summary>Skips the running test when it asks for a server database and none is configured.</summary>
    public static TestDatabase CreateOrSkip(DatabaseProvider provider)
    {
        if (!IsConfigured(provider))
        {
            Assert.Skip($"{provider} run: set {(provider == DatabaseProvider.SqlServer ? SqlServerVariable : PostgreSqlVariable)} to a connection string to run this test against {provider}.");
        }

        return Create(provider);
    }

    /// <summary>A plain connection, for tests that look at the database from outside the app.</summary>
    public async Task<System.Data.Common.DbConnection> OpenAsync()
    {
        System.Data.Common.DbConnection connection = Provider switch
        {
            DatabaseProvider.Sqlite => new Microsoft.Data.Sqlite.SqliteConnection(ConnectionString),
            DatabaseProvider.PostgreSql => new NpgsqlConnection(ConnectionString),
            _ => new SqlConnection(ConnectionString),
        };
        await connection.OpenAsync();
        return connection;
    }

    public DatabaseSettings Settings => new(Provider, ConnectionString, MigrateOnStart: true, BusyTimeoutMs: 5000);

    public async ValueTask DisposeAsync()
    {
        if (ServerName is not null && Provider == DatabaseProvider.PostgreSql)
        {
            await using (var pooled = new NpgsqlConnection(ConnectionString))
            {
                NpgsqlConnection.ClearPool(pooled);
            }

            await using var connection = new NpgsqlConnection(PostgreSqlConnection);
            await connection.OpenAsync();
            await using var drop = connection.CreateCommand();
            drop.CommandText = $"DROP DATABASE IF EXISTS {ServerName} WITH (FORCE)";
            await drop.ExecuteNonQueryAsync();
        }
        else if (ServerName is not null)
        {
            SqlConnection.ClearAllPools();
            await using var connection = new SqlConnection(SqlServerConnection);
            await connection.OpenAsync();
            await using var drop = connection.CreateCommand();
            drop.CommandText = $"IF DB_ID('{ServerName}') IS NOT NULL BEGIN ALTER DATABASE [{ServerName}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{ServerName}]; END";
            await drop.ExecuteNonQueryAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere; the temp folder is cleaned by the OS.
        }
    }
}
