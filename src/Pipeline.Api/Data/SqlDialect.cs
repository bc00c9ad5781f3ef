using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace Pipeline.Api.Data;

/// <summary>
/// The few things SQLite and SQL Server spell differently. Everything else is one SQL text for both.
/// Statements use it as <c>d =&gt; $"... {d.Paging}"</c>, so tests can render every statement for SQL Server too.
/// </summary>
public interface ISqlDialect
{
    DatabaseProvider Provider { get; }

    /// <summary>Paging after an ORDER BY, with parameters <c>@Skip</c> and <c>@Take</c>.</summary>
    string Paging { get; }

    /// <summary>A statement returning the id of the row just inserted on this connection.</summary>
    string SelectLastId { get; }

    /// <summary>Keeps only the first <paramref name="rows"/> rows after an ORDER BY.</summary>
    string Limit(int rows);

    /// <summary>Whole days from <paramref name="from"/> to <paramref name="to"/>, both SQL date expressions.</summary>
    string DaysBetween(string from, string to);

    /// <summary>A date expression <paramref name="days"/> (an SQL integer expression) after <paramref name="date"/>.</summary>
    string AddDays(string date, string days);

    /// <summary>Joins the values of <paramref name="expression"/> in a group with commas.</summary>
    string StringAgg(string expression);

    bool IsUniqueViolation(DbException exception);

    /// <summary>
    /// Puts a row: inserts <paramref name="values"/> (column → SQL expression, usually a parameter) into <paramref name="table"/>,
    /// or, when a row with the same <paramref name="keys"/> exists, sets its <paramref name="update"/> columns to the new values
    /// (none: the existing row stays). One statement, safe when two requests put the same row at once.
    /// </summary>
    string Upsert(string table, IReadOnlyList<string> keys, IReadOnlyDictionary<string, string> values, params IReadOnlyList<string> update);

    /// <summary>The statement that allows (or again forbids) explicit ids in <paramref name="table"/>, for bulk seeding; null when none is needed.</summary>
    string? IdentityInsert(string table, bool on);
}

public sealed class SqliteDialect : ISqlDialect
{
    public DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public string Paging => "LIMIT @Take OFFSET @Skip";

    public string SelectLastId => "SELECT last_insert_rowid()";

    public string Limit(int rows) => $"LIMIT {rows}";

    public string DaysBetween(string from, string to) => $"CAST(julianday({to}) - julianday({from}) AS INTEGER)";

    public string AddDays(string date, string days) => $"date({date}, ({days}) || ' days')";

    public string StringAgg(string expression) => $"group_concat({expression}, ',')";

    // SQLITE_CONSTRAINT_UNIQUE (2067) and SQLITE_CONSTRAINT_PRIMARYKEY (1555).
    public bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteExtendedErrorCode: 2067 or 1555 };

    public string? IdentityInsert(string table, bool on) => null;

    public string Upsert(string table, IReadOnlyList<string> keys, IReadOnlyDictionary<string, string> values, params IReadOnlyList<string> update) =>
        SqlDialects.OnConflict(table, keys, values, update);
}

public sealed class SqlServerDialect : ISqlDialect
{
    public DatabaseProvider Provider => DatabaseProvider.SqlServer;

    public string Paging => "OFFSET @Skip ROWS FETCH NEXT @Take ROWS ONLY";

    public string SelectLastId => "SELECT CAST(SCOPE_IDENTITY() AS BIGINT)";

    public string Limit(int rows) => $"OFFSET 0 ROWS FETCH NEXT {rows} ROWS ONLY";

    public string DaysBetween(string from, string to) => $"DATEDIFF(day, {from}, {to})";

    public string AddDays(string date, string days) => $"DATEADD(day, {days}, {date})";

    public string StringAgg(string expression) => $"STRING_AGG({expression}, ',')";

    // 2627: unique constraint, 2601: unique index.
    public bool IsUniqueViolation(DbException exception) =>
        exception is SqlException { Number: 2627 or 2601 };

    public string? IdentityInsert(string table, bool on) => $"SET IDENTITY_INSERT {table} {(on ? "ON" : "OFF")}";

    // HOLDLOCK keeps the range locked from the match to the insert; without it two MERGEs can both find no row and both insert.
    public string Upsert(string table, IReadOnlyList<string> keys, IReadOnlyDictionary<string, string> values, params IReadOnlyList<string> update)
    {
        var columns = values.Keys.ToList();
        var matched = update.Count == 0 ? "" : $"WHEN MATCHED THEN UPDATE SET {string.Join(", ", update.Select(c => $"{c} = source.{c}"))} ";
        return $"MERGE {table} WITH (HOLDLOCK) AS target " +
            $"USING (SELECT {string.Join(", ", columns.Select(c => $"{values[c]} AS {c}"))}) AS source " +
            $"ON {string.Join(" AND ", keys.Select(k => $"target.{k} = source.{k}"))} " +
            matched +
            $"WHEN NOT MATCHED THEN INSERT ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "source." + c))});";
    }
}

/// <summary>SQL spelt the same by more than one dialect.</summary>
internal static class SqlDialects
{
    /// <summary><c>INSERT … ON CONFLICT (keys) DO UPDATE</c>, as SQLite and PostgreSQL spell an upsert.</summary>
    public static string OnConflict(string table, IReadOnlyList<string> keys, IReadOnlyDictionary<string, string> values, IReadOnlyList<string> update)
    {
        var columns = values.Keys.ToList();
        var action = update.Count == 0 ? "DO NOTHING" : $"DO UPDATE SET {string.Join(", ", update.Select(c => $"{c} = excluded.{c}"))}";
        return $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => values[c]))}) " +
            $"ON CONFLICT ({string.Join(", ", keys)}) {action}";
    }
}
