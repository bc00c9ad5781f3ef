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
}
