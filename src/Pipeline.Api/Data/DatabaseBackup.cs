using Microsoft.Data.Sqlite;

namespace Pipeline.Api.Data;

/// <summary>
/// A consistent copy of the SQLite database taken with SQLite's online backup API, safe while the app is running
/// (copying the file is not: a write in progress or the WAL would be missed). SQL Server has BACKUP DATABASE, PostgreSQL pg_dump.
/// </summary>
public static class DatabaseBackup
{
    public static long Write(DatabaseSettings settings, string target)
    {
        if (settings.Provider == DatabaseProvider.SqlServer)
        {
            throw new ConfigurationProblem("On SQL Server, back up with the server's own tools: BACKUP DATABASE Pipeline TO DISK = N'…' (see the README).");
        }

        if (settings.Provider == DatabaseProvider.PostgreSql)
        {
            throw new ConfigurationProblem("On PostgreSQL, back up with the server's own tools: pg_dump -Fc -f pipeline.dump pipeline (see the README).");
        }

        var path = Path.GetFullPath(target);
        if (File.Exists(path))
        {
            throw new ConfigurationProblem($"{path} exists already; choose a new file for the backup.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var source = new SqliteConnection(settings.ConnectionString))
        using (var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            source.Open();
            copy.Open();
            source.BackupDatabase(copy);
        }

        return new FileInfo(path).Length;
    }
}
