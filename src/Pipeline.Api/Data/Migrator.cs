using System.Reflection;
using DbUp;
using DbUp.Builder;
using DbUp.Engine;
using Microsoft.Data.Sqlite;

namespace Pipeline.Api.Data;

/// <summary>
/// Applies the scripts in <c>db/sqlite</c> or <c>db/sqlserver</c> (embedded in this assembly) with DbUp.
/// Both folders hold the same script names, so both journals read alike.
/// </summary>
public sealed class Migrator(DatabaseSettings settings, ILogger<Migrator> logger)
{
    public static IReadOnlyList<SqlScript> Scripts(DatabaseProvider provider)
    {
        var prefix = provider == DatabaseProvider.Sqlite ? "db.sqlite/" : "db.sqlserver/";
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
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
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

        var result = Upgrader().PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException(
                $"Migration {result.ErrorScript?.Name ?? "(unknown)"} failed: {result.Error?.Message}", result.Error);
        }

        if (settings.Provider == DatabaseProvider.SqlServer)
        {
            // Hangfire keeps its job storage in its own schema, installed (and upgraded) with ours, so the app needs no DDL rights.
            using var connection = new Microsoft.Data.SqlClient.SqlConnection(settings.ConnectionString);
            connection.Open();
            Hangfire.SqlServer.SqlServerObjectsInstaller.Install(connection, "hangfire", enableHeavyMigrations: true);
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
    }

    private UpgradeEngine Upgrader()
    {
        UpgradeEngineBuilder builder = settings.Provider == DatabaseProvider.Sqlite
            ? DeployChanges.To.SqliteDatabase(settings.ConnectionString)
            : DeployChanges.To.SqlDatabase(settings.ConnectionString);
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
