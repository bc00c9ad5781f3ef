using System.Reflection;
using DbUp;
using DbUp.Engine;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Pipeline.Api.Data;

/// <summary>
/// Applies the scripts in <c>db/sqlite</c>, <c>db/sqlserver</c> or <c>db/postgresql</c> (embedded in this assembly) with DbUp.
/// The folders hold the same script names, so the journals read alike.
/// </summary>
public sealed class Migrator(DatabaseSettings settings, ILogger<Migrator> logger)
{
    /// <summary>The advisory lock PostgreSQL migrations run under, so instances migrating at start-up take turns.</summary>
    private const long PostgreSqlLock = 0x50_49_50_45_4C_49_4E_45; // "PIPELINE"

    public static IReadOnlyList<SqlScript> Scripts(DatabaseProvider provider)
    {
        var prefix = provider switch
        {
            DatabaseProvider.Sqlite => "db.sqlite/",
            DatabaseProvider.SqlServer => "db.sqlserver/",
            _ => "db.postgresql/",
        };
        var assembly = typeof(Migrator).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name => new SqlScript(name[prefix.Length..], Read(assembly, name)))
            .ToList();
    }

    /// <summary>Applies every pending script; throws with the failing script's name when one fails.</summary>
    public IReadOnlyList<string> Migrate()
    {
        if (settings.Provider == DatabaseProvider.PostgreSql)
        {
            return MigratePostgreSql();
        }

        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            ProtectSqliteFile(new SqliteConnectionStringBuilder(settings.ConnectionString).DataSource);

            // WAL lets readers continue while one writer commits; it is a property of the file and cannot be set in a transaction.
            using var connection = new SqliteConnection(settings.ConnectionString);
            connection.Open();
            using var wal = connection.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            wal.ExecuteNonQuery();
        }
        else
        {
            EnsureDatabase.For.SqlDatabase(settings.ConnectionString);
        }

        var applied = Upgrade();
        if (settings.Provider == DatabaseProvider.SqlServer)
        {
            // Hangfire keeps its job storage in its own schema, installed (and upgraded) with ours, so the app needs no DDL rights.
            using var connection = new Microsoft.Data.SqlClient.SqlConnection(settings.ConnectionString);
            connection.Open();
            Hangfire.SqlServer.SqlServerObjectsInstaller.Install(connection, "hangfire", enableHeavyMigrations: true);
        }

        return applied;
    }

    /// <summary>
    /// The database file holds password hashes and personal data: on Unix it is created readable and writable by the app's
    /// user only (0600), and an older file is narrowed to that; SQLite gives its -wal and -shm files the same mode.
    /// </summary>
    private static void ProtectSqliteFile(string dataSource)
    {
        if (OperatingSystem.IsWindows() || string.IsNullOrEmpty(dataSource) || dataSource == ":memory:")
        {
            return;
        }

        const UnixFileMode owner = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        var path = Path.GetFullPath(dataSource);
        if (!File.Exists(path))
        {
            try
            {
                using var created = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = owner });
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another instance created it first.
            }
        }

        File.SetUnixFileMode(path, owner);
    }

    /// <summary>
    /// Creates the database when it does not exist, then applies our scripts and Hangfire's schema under a session advisory
    /// lock: a second instance starting at the same moment waits, then finds nothing to do.
    /// </summary>
    private List<string> MigratePostgreSql()
    {
        try
        {
            using var probe = new NpgsqlConnection(settings.ConnectionString);
            probe.Open();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            try
            {
                EnsureDatabase.For.PostgresqlDatabase(settings.ConnectionString);
            }
            catch (PostgresException created) when (created.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
            {
                // Another instance created it a moment ago (a CREATE DATABASE racing another fails on the catalog's unique index).
            }
        }

        using var connection = new NpgsqlConnection(settings.ConnectionString);
        connection.Open();
        using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({PostgreSqlLock})", connection))
        {
            take.ExecuteNonQuery();
        }

        try
        {
            var applied = Upgrade();
            Hangfire.PostgreSql.PostgreSqlObjectsInstaller.Install(connection, "hangfire");
            return applied;
        }
        finally
        {
            using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({PostgreSqlLock})", connection);
            release.ExecuteNonQuery();
        }
    }

    private List<string> Upgrade()
    {
        var result = Upgrader().PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException(
                $"Migration {result.ErrorScript?.Name ?? "(unknown)"} failed: {result.Error?.Message}", result.Error);
        }

        var applied = result.Scripts.Select(s => s.Name).ToList();
        if (applied.Count > 0)
        {
            logger.LogInformation("Applied {Count} migration(s): {Scripts}", applied.Count, string.Join(", ", applied));
        }

        return applied;
    }

    /// <summary>The scripts not yet applied to the database (all of them when the database does not exist yet).</summary>
    public IReadOnlyList<string> Pending()
    {
        try
        {
            return Upgrader().GetScriptsToExecute().Select(s => s.Name).ToList();
        }
        catch (Exception e) when ((e as Microsoft.Data.SqlClient.SqlException ?? e.InnerException as Microsoft.Data.SqlClient.SqlException) is { Number: 4060 })
        {
            // 4060: cannot open the database named in the connection string — `migrate` creates it.
            return Scripts(settings.Provider).Select(s => s.Name).ToList();
        }
        catch (Exception e) when ((e as PostgresException ?? e.InnerException as PostgresException) is { SqlState: PostgresErrorCodes.InvalidCatalogName })
        {
            return Scripts(settings.Provider).Select(s => s.Name).ToList();
        }
    }

    private UpgradeEngine Upgrader()
    {
        var builder = settings.Provider switch
        {
            DatabaseProvider.Sqlite => DeployChanges.To.SqliteDatabase(settings.ConnectionString),
            DatabaseProvider.SqlServer => DeployChanges.To.SqlDatabase(settings.ConnectionString),
            _ => DeployChanges.To.PostgresqlDatabase(settings.ConnectionString),
        };
        return builder
            .WithScripts(Scripts(settings.Provider))
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build();
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
