using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Pipeline.Api.Data;

/// <summary>
/// The few things SQLite, SQL Server and PostgreSQL spell differently. Everything else is one SQL text for all three.
/// Statements use it as <c>d =&gt; $"... {d.Page(skip, take)}"</c>, so tests can render every statement for SQL Server too.
/// </summary>
public interface ISqlDialect
{
    DatabaseProvider Provider { get; }

    /// <summary>
    /// Paging after an ORDER BY: <paramref name="skip"/> rows, then at most <paramref name="take"/>; on SQL Server and
    /// PostgreSQL through the parameters <c>@Skip</c> and <c>@Take</c>, which the caller binds to the same values.
    /// </summary>
    string Page(int skip, int take);

    /// <summary>The literals a flag column is compared with or set to: 1 and 0, or TRUE and FALSE where flags are BOOLEAN.</summary>
    string True { get; }

    string False { get; }

    /// <summary><paramref name="insert"/> (one INSERT with an identity <c>id</c>) made to return the new row's id.</summary>
    string ReturningId(string insert);

    /// <summary>
    /// <paramref name="expression"/> as user names compare: SQLite (NOCASE) and SQL Server (the CI collation) fold case in the
    /// column's collation, PostgreSQL through <c>lower()</c>, matching its unique index on <c>lower(user_name)</c>.
    /// </summary>
    string CaseFolded(string expression);

    /// <summary>Keeps only the first <paramref name="rows"/> rows after an ORDER BY.</summary>
    string Limit(int rows);

    /// <summary>Whole days from <paramref name="from"/> to <paramref name="to"/>, both SQL date expressions.</summary>
    string DaysBetween(string from, string to);

    /// <summary>A date expression <paramref name="days"/> (an SQL integer expression) after <paramref name="date"/>.</summary>
    string AddDays(string date, string days);

    /// <summary>Joins the values of <paramref name="expression"/> in a group with commas.</summary>
    string StringAgg(string expression);

    /// <summary>
    /// "is one of the list <paramref name="parameter"/>": Dapper expands <c>IN @list</c> into one parameter per item, except
    /// on Npgsql, where it binds the list as one array, which PostgreSQL compares with <c>= ANY(...)</c>.
    /// </summary>
    string InList(string parameter);

    /// <summary>
    /// A statement taking an exclusive lock named <paramref name="resource"/> until the transaction ends, for work that must
    /// not run twice at once; null on SQLite, whose transactions take the one write lock up front.
    /// </summary>
    string? TransactionLock(string resource);

    bool IsUniqueViolation(DbException exception);

    /// <summary>
    /// Puts a row: inserts <paramref name="values"/> (column → SQL expression, usually a parameter) into <paramref name="table"/>,
    /// or, when a row with the same <paramref name="keys"/> exists, sets its <paramref name="update"/> columns to the new values
    /// (none: the existing row stays). One statement, safe when two requests put the same row at once.
    /// </summary>
    string Upsert(string table, IReadOnlyList<string> keys, IReadOnlyDictionary<string, string> values, params IReadOnlyList<string> update);

    /// <summary>
    /// <paramref name="insert"/> (<c>INSERT … SELECT … WHERE …</c>) made to skip the rows that unique index <paramref name="key"/>
    /// (its columns and predicate, as <c>ON CONFLICT</c> names them) already holds. SQLite and PostgreSQL let the index do it:
    /// a NOT EXISTS on the table being filled is re-read for every row, with the rows the statement has written so far,
    /// whenever PostgreSQL's statistics say that table is empty. SQL Server reads the whole SELECT before writing (its
    /// Halloween protection), so there the SELECT gets <paramref name="absent"/>, the same test as a condition.
    /// </summary>
    string InsertMissing(string insert, string key, string absent);

    /// <summary>
    /// The statement that brings the planner's statistics of <paramref name="table"/> up to date after a statement wrote many
    /// rows, so that the statements after it are planned for them: PostgreSQL's ANALYZE, which sees the transaction's own
    /// rows. Autovacuum's comes on its next round (once a minute by default) and counts committed rows only: it always finds
    /// alert_candidates empty (filled and emptied in one transaction).
    /// Null on SQLite, which plans without statistics, and on SQL Server, which refreshes them when it compiles a statement.
    /// </summary>
    string? RefreshStatistics(string table);

    /// <summary>
    /// The statement that allows explicit ids in <paramref name="table"/> (<paramref name="on"/>), or afterwards forbids them
    /// again and moves the identity past them, for bulk seeding; null when none is needed.
    /// </summary>
    string? IdentityInsert(string table, bool on);

    /// <summary><paramref name="insert"/> (<c>INSERT INTO t (…) VALUES (…)</c>) made to accept the explicit ids it gives.</summary>
    string InsertWithIds(string insert);

    /// <summary>
    /// The value a large binary column starts with before <see cref="DbSession.WriteBlobAsync"/> fills it: on SQLite room
    /// for <paramref name="lengthParameter"/> bytes (its incremental blob I/O writes into space already there), elsewhere empty.
    /// </summary>
    string EmptyBlob(string lengthParameter);

    /// <summary>
    /// A stream writing straight into the column of row <paramref name="id"/> (SQLite's incremental blob I/O), or null where
    /// the provider streams a <see cref="Stream"/> parameter of an UPDATE instead (SQL Server, PostgreSQL).
    /// </summary>
    Stream? OpenBlob(DbConnection connection, string table, string column, long id);
}

/// <summary>The dialect of each provider, and SQL spelt the same by more than one of them.</summary>
public static class SqlDialects
{
    public static ISqlDialect For(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => new SqliteDialect(),
        DatabaseProvider.SqlServer => new SqlServerDialect(),
        _ => new PostgreSqlDialect(),
    };

    /// <summary>An INSERT … SELECT that skips what unique index <paramref name="key"/> holds, as SQLite and PostgreSQL spell it.</summary>
    public static string OnConflictDoNothing(string insert, string key) => $"{insert}\nON CONFLICT {key} DO NOTHING";

    /// <summary><c>INSERT … ON CONFLICT (keys) DO UPDATE</c>, as SQLite and PostgreSQL spell an upsert.</summary>
    public static string OnConflict(string table, IReadOnlyList<string> keys, IReadOnlyDictionary<string, string> values, IReadOnlyList<string> update)
    {
        var columns = values.Keys.ToList();
        var action = update.Count == 0 ? "DO NOTHING" : $"DO UPDATE SET {string.Join(", ", update.Select(c => $"{c} = excluded.{c}"))}";
        return $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => values[c]))}) " +
            $"ON CONFLICT ({string.Join(", ", keys)}) {action}";
    }
}

public sealed class SqliteDialect : ISqlDialect
{
    public DatabaseProvider Provider => DatabaseProvider.Sqlite;

    // Literal numbers, not parameters: SQLite 3.53 compiles a statement again when a value bound to its LIMIT or OFFSET
    // changes from the one it was compiled with, so a parameterised page statement was compiled twice per request even
    // from the statement cache. The numbers are checked ints, so the text cannot carry anything else; each page size and
    // depth is a statement of its own in the cache, which keeps the most recently used. (The query planner stability
    // guarantee, SQLITE_DBCONFIG_ENABLE_QPSG, would stop the recompiling too, but for every statement of the connection,
    // including those whose plan rightly depends on a bound value.)
    public string Page(int skip, int take)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(take);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"LIMIT {take} OFFSET {skip}");
    }

    public string True => "1";

    public string False => "0";

    public string ReturningId(string insert) => insert + ";\nSELECT last_insert_rowid()";

    public string CaseFolded(string expression) => expression;

    public string Limit(int rows) => $"LIMIT {rows}";

    public string DaysBetween(string from, string to) => $"CAST(julianday({to}) - julianday({from}) AS INTEGER)";

    public string AddDays(string date, string days) => $"date({date}, ({days}) || ' days')";

    public string StringAgg(string expression) => $"group_concat({expression}, ',')";

    public string InList(string parameter) => $"IN {parameter}";

    public string? TransactionLock(string resource) => null;

    // SQLITE_CONSTRAINT_UNIQUE (2067) and SQLITE_CONSTRAINT_PRIMARYKEY (1555).
    public bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteExtendedErrorCode: 2067 or 1555 };

    public string? IdentityInsert(string table, bool on) => null;

    public string InsertWithIds(string insert) => insert;

    public string Upsert(string table, IReadOnlyList<string> keys, IReadOnlyDictionary<string, string> values, params IReadOnlyList<string> update) =>
        SqlDialects.OnConflict(table, keys, values, update);

    public string InsertMissing(string insert, string key, string absent) => SqlDialects.OnConflictDoNothing(insert, key);

    public string? RefreshStatistics(string table) => null;

    public string EmptyBlob(string lengthParameter) => $"zeroblob({lengthParameter})";

    public Stream? OpenBlob(DbConnection connection, string table, string column, long id) =>
        new SqliteBlob((SqliteConnection)connection, table, column, id);
}

public sealed class SqlServerDialect : ISqlDialect
{
    public DatabaseProvider Provider => DatabaseProvider.SqlServer;

    // Parameters: SQL Server caches one plan for the parameterised text, where literals would make a plan per page.
    public string Page(int skip, int take) => "OFFSET @Skip ROWS FETCH NEXT @Take ROWS ONLY";

    public string True => "1";

    public string False => "0";

    public string ReturningId(string insert) => insert + ";\nSELECT CAST(SCOPE_IDENTITY() AS BIGINT)";

    public string CaseFolded(string expression) => expression;

    public string Limit(int rows) => $"OFFSET 0 ROWS FETCH NEXT {rows} ROWS ONLY";

    public string DaysBetween(string from, string to) => $"DATEDIFF(day, {from}, {to})";

    public string AddDays(string date, string days) => $"DATEADD(day, {days}, {date})";

    public string StringAgg(string expression) => $"STRING_AGG({expression}, ',')";

    public string InList(string parameter) => $"IN {parameter}";

    public string? TransactionLock(string resource) =>
        $"EXEC sp_getapplock @Resource = N'{resource}', @LockMode = 'Exclusive', @LockOwner = 'Transaction'";

    // 2627: unique constraint, 2601: unique index.
    public bool IsUniqueViolation(DbException exception) =>
        exception is SqlException { Number: 2627 or 2601 };

    public string? IdentityInsert(string table, bool on) => $"SET IDENTITY_INSERT {table} {(on ? "ON" : "OFF")}";

    public string InsertWithIds(string insert) => insert;

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

    public string InsertMissing(string insert, string key, string absent) => $"{insert}\n  AND {absent}";

    public string? RefreshStatistics(string table) => null;

    public string EmptyBlob(string lengthParameter) => "0x";

    public Stream? OpenBlob(DbConnection connection, string table, string column, long id) => null;
}

/// <summary>
/// PostgreSQL (and the databases derived from it). Flags are BOOLEAN, ids <c>GENERATED ALWAYS AS IDENTITY</c>, dates DATE, so
/// date arithmetic is plain integer arithmetic on dates.
/// </summary>
public sealed partial class PostgreSqlDialect : ISqlDialect
{
    public DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    // Parameters: Npgsql's automatic preparation keys statements by their text, so one text serves every page.
    public string Page(int skip, int take) => "LIMIT @Take OFFSET @Skip";

    public string True => "TRUE";

    public string False => "FALSE";

    public string ReturningId(string insert) => insert + " RETURNING id";

    public string CaseFolded(string expression) => $"lower({expression})";

    public string Limit(int rows) => $"LIMIT {rows}";

    // date - date is a whole number of days; the casts accept timestamps and untyped parameters alike.
    public string DaysBetween(string from, string to) => $"(CAST({to} AS date) - CAST({from} AS date))";

    // date + integer is a date; there is no date + bigint.
    public string AddDays(string date, string days) => $"(CAST({date} AS date) + CAST({days} AS integer))";

    public string StringAgg(string expression) => $"string_agg(CAST({expression} AS text), ',')";

    public string InList(string parameter) => $"= ANY({parameter})";

    public string? TransactionLock(string resource) => $"SELECT pg_advisory_xact_lock(hashtext('{resource}'))";

    // 23505: unique_violation.
    public bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    // Explicit ids need OVERRIDING SYSTEM VALUE in the INSERT itself; afterwards the identity must move past the highest id.
    public string? IdentityInsert(string table, bool on) =>
        on ? null : $"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))";

    // An identity GENERATED ALWAYS takes an explicit value only when the INSERT says so, between its columns and VALUES.
    public string InsertWithIds(string insert) => ExplicitValues().Replace(insert, ") OVERRIDING SYSTEM VALUE VALUES", 1);

    [GeneratedRegex(@"\)\s*VALUES\b", RegexOptions.IgnoreCase)]
    private static partial Regex ExplicitValues();

    public string Upsert(string table, IReadOnlyList<string> keys, IReadOnlyDictionary<string, string> values, params IReadOnlyList<string> update) =>
        SqlDialects.OnConflict(table, keys, values, update);

    public string InsertMissing(string insert, string key, string absent) => SqlDialects.OnConflictDoNothing(insert, key);

    public string? RefreshStatistics(string table) => $"ANALYZE {table}";

    public string EmptyBlob(string lengthParameter) => "CAST('' AS bytea)";

    public Stream? OpenBlob(DbConnection connection, string table, string column, long id) => null;
}
