using Microsoft.Data.SqlClient;
using Pipeline.Api.Data;

namespace Pipeline.Api.Tests.Infrastructure;

/// <summary>
/// A database of its own for one test class or data test: a SQLite file in a temp folder, or — where
/// <c>PIPELINE_TEST_SQLSERVER</c> holds a connection string — a fresh SQL Server database, dropped afterwards.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string SqlServerVariable = "PIPELINE_TEST_SQLSERVER";

    private TestDatabase(DatabaseProvider provider, string connectionString, string directory, string? sqlServerName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Directory = directory;
        SqlServerName = sqlServerName;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    /// <summary>A temp folder of its own (the SQLite file, signing keys and any other data files live here).</summary>
    public string Directory { get; }

    private string? SqlServerName { get; }

    public static string? SqlServerConnection => Environment.GetEnvironmentVariable(SqlServerVariable) is { Length: > 0 } cs ? cs : null;

    /// <summary>The provider API tests run on: SQL Server where configured, SQLite otherwise.</summary>
    public static DatabaseProvider DefaultProvider => SqlServerConnection is null ? DatabaseProvider.Sqlite : DatabaseProvider.SqlServer;

    public static TestDatabase Create(DatabaseProvider provider)
    {
        var directory = Path.Combine(Path.GetTempPath(), "pipeline-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        if (provider == DatabaseProvider.Sqlite)
        {
            return new TestDatabase(provider, $"Data Source={Path.Combine(directory, "pipeline.db")}", directory, null);
        }

        var server = SqlServerConnection ?? throw new InvalidOperationException($"{SqlServerVariable} is not set.");
        var name = "pipeline_test_" + Guid.NewGuid().ToString("N")[..12];
        var builder = new SqlConnectionStringBuilder(server) { InitialCatalog = name };
        return new TestDatabase(provider, builder.ConnectionString, directory, name);
    }

    /// <summary>Skips the running test when it asks for SQL Server and none is configured.</summary>
    public static TestDatabase CreateOrSkip(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.SqlServer && SqlServerConnection is null)
        {
            Assert.Skip($"SQL Server run: set {SqlServerVariable} to a connection string to run this test against SQL Server.");
        }

        return Create(provider);
    }

    /// <summary>A plain connection, for tests that look at the database from outside the app.</summary>
    public async Task<System.Data.Common.DbConnection> OpenAsync()
    {
        System.Data.Common.DbConnection connection = Provider == DatabaseProvider.Sqlite
            ? new Microsoft.Data.Sqlite.SqliteConnection(ConnectionString)
            : new SqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public DatabaseSettings Settings => new(Provider, ConnectionString, MigrateOnStart: true, BusyTimeoutMs: 5000);

    public async ValueTask DisposeAsync()
    {
        if (SqlServerName is not null)
        {
            SqlConnection.ClearAllPools();
            await using var connection = new SqlConnection(SqlServerConnection);
            await connection.OpenAsync();
            await using var drop = connection.CreateCommand();
            drop.CommandText = $"IF DB_ID('{SqlServerName}') IS NOT NULL BEGIN ALTER DATABASE [{SqlServerName}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{SqlServerName}]; END";
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
