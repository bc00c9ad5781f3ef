using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Pipeline.Api.Data;

/// <summary>An SQL statement that may differ per provider; rendered with the active dialect when it runs.</summary>
public delegate string SqlText(ISqlDialect dialect);

/// <summary>
/// Sees every statement the app runs, with its arguments: the tests parse the SQL Server rendering of each, and the
/// benchmarks replay them directly against the database to measure what the app adds.
/// </summary>
public interface ISqlObserver
{
    void Observe(SqlText sql, object? args);
}

/// <summary>
/// Opens connections and transactions on the configured database. On SQLite the connections come from
/// <see cref="KeptConnections"/>, so that a statement is compiled once per connection rather than once per request.
/// </summary>
public sealed class Db(DatabaseSettings settings, ISqlDialect dialect, IEnumerable<ISqlObserver> observers) : IAsyncDisposable
{
    private readonly ISqlObserver[] _observers = observers.ToArray();
    private readonly ConcurrentDictionary<string, KeptConnections> _kept = new(StringComparer.Ordinal);

    public ISqlDialect Dialect => dialect;

    public DatabaseSettings Settings => settings;

    /// <summary>The kept connections to the primary database (SQLite only; null elsewhere).</summary>
    public KeptConnections? Kept => settings.Provider == DatabaseProvider.Sqlite ? KeptFor(settings.ConnectionString) : null;

    public DbConnection CreateConnection(string connectionString) => settings.Provider switch
    {
        DatabaseProvider.Sqlite => new SqliteConnection(connectionString),
        DatabaseProvider.PostgreSql => new NpgsqlConnection(connectionString),
        _ => new SqlConnection(connectionString),
    };

    public async Task<DbSession> OpenAsync(CancellationToken ct = default) =>
        new(await OpenConnectionAsync(settings.ConnectionString, ct), null, this) { CancellationToken = ct };

    /// <summary>A session for reports and exports, on the readable secondary when one is configured.</summary>
    public async Task<DbSession> OpenForReportsAsync(CancellationToken ct = default) =>
        new(await OpenConnectionAsync(settings.ReadOnlyConnectionString, ct), null, this) { CancellationToken = ct };

    /// <summary>A session in a transaction (on SQLite, BEGIN IMMEDIATE: the write lock is taken up front).</summary>
    public async Task<DbSession> BeginAsync(CancellationToken ct = default)
    {
        var connection = await OpenConnectionAsync(settings.ConnectionString, ct);
        try
        {
            return new(connection, await connection.BeginTransactionAsync(ct), this) { CancellationToken = ct };
        }
        catch
        {
            await ReleaseAsync(connection);
            throw;
        }
    }

    /// <summary>
    /// The data version of the database that <paramref name="forReports"/> chooses: a number that every committed write
    /// to the app's tables raises, in the write's own transaction (see <c>db/*/0014_read_speed.sql</c>).
    /// </summary>
    public async Task<long> DataVersionAsync(bool forReports, CancellationToken ct)
    {
        await using var session = forReports ? await OpenForReportsAsync(ct) : await OpenAsync(ct);
        return await session.ExecuteScalarAsync<long>(DataVersions.Read);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var kept in _kept.Values)
        {
            await kept.DisposeAsync();
        }
    }

    internal string Render(SqlText sql, object? args)
    {
        foreach (var observer in _observers)
        {
            observer.Observe(sql, args);
        }

        return sql(dialect);
    }

    internal string Render(string sql, object? args) => _observers.Length == 0 ? sql : Render(_ => sql, args);

    /// <summary>Ends a session's hold on its connection: back to the kept ones, or closed.</summary>
    internal ValueTask ReleaseAsync(DbConnection connection) =>
        connection is KeptConnection kept ? KeptFor(kept.Inner.ConnectionString).ReturnAsync(kept) : connection.DisposeAsync();

    private KeptConnections KeptFor(string connectionString) => _kept.GetOrAdd(connectionString,
        cs => new KeptConnections(cs, settings.BusyTimeoutMs, settings.KeptConnections, settings.StatementCacheSize));

    private async Task<DbConnection> OpenConnectionAsync(string connectionString, CancellationToken ct)
    {
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            return await KeptFor(connectionString).RentAsync(ct);
        }

        var connection = CreateConnection(connectionString);
        try
        {
            await connection.OpenAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}

/// <summary>One open connection, optionally in a transaction; Dapper calls with the transaction and token filled in.</summary>
public sealed class DbSession(DbConnection connection, DbTransaction? transaction, Db db) : IAsyncDisposable
{
    public ISqlDialect Dialect => db.Dialect;

    private List<PreparedStatement>? _prepared;

    /// <summary>The provider's own connection, under the statement cache's face on SQLite.</summary>
    private DbConnection Own => connection is KeptConnection kept ? kept.Inner : connection;

    public DbTransaction? Transaction => transaction;

    public CancellationToken CancellationToken { get; init; }

    public async Task<IReadOnlyList<T>> QueryAsync<T>(SqlText sql, object? args = null) =>
        (await connection.QueryAsync<T>(Command(db.Render(sql, args), args))).AsList();

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? args = null) =>
        (await connection.QueryAsync<T>(Command(db.Render(sql, args), args))).AsList();

    public Task<T?> QuerySingleOrDefaultAsync<T>(SqlText sql, object? args = null) =>
        connection.QuerySingleOrDefaultAsync<T>(Command(db.Render(sql, args), args));

    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? args = null) =>
        connection.QuerySingleOrDefaultAsync<T>(Command(db.Render(sql, args), args));

    /// <summary>Every row, each read by <paramref name="read"/> (see <see cref="Cells"/>).</summary>
    public async Task<IReadOnlyList<T>> QueryAsync<T>(SqlText sql, object? args, Func<DbDataReader, T> read)
    {
        await using var reader = await ReaderAsync(Command(db.Render(sql, args), args));
        var rows = new List<T>();
        while (await reader.ReadAsync(CancellationToken))
        {
            rows.Add(read(reader.Current));
        }

        return rows;
    }

    /// <summary>The first row read by <paramref name="read"/> (see <see cref="Cells"/>), or null when there is none.</summary>
    public async Task<T?> QueryFirstOrDefaultAsync<T>(SqlText sql, object? args, Func<DbDataReader, T> read)
        where T : class
    {
        await using var reader = await ReaderAsync(Command(db.Render(sql, args), args));
        return await reader.ReadAsync(CancellationToken) ? read(reader.Current) : null;
    }

    /// <summary>
    /// Dapper binds the parameters and runs the command; the provider's reader is what <see cref="Cells"/> reads (it tells
    /// SQLite's by its type), and the command is disposed with it, so a cached statement goes back to its cache at once.
    /// </summary>
    private async Task<CommandReader> ReaderAsync(CommandDefinition command, System.Data.CommandBehavior behavior = System.Data.CommandBehavior.Default)
    {
        var wrapped = await connection.ExecuteReaderAsync(command, behavior);
        return wrapped is IWrappedDataReader { Reader: DbDataReader inner, Command: var owned } ? new(wrapped, inner, owned) : new(wrapped, wrapped, null);
    }

    private sealed class CommandReader(DbDataReader wrapped, DbDataReader current, System.Data.IDbCommand? command) : IAsyncDisposable
    {
        public DbDataReader Current => current;

        public Task<bool> ReadAsync(CancellationToken ct) => current.ReadAsync(ct);

        public Task<bool> NextResultAsync(CancellationToken ct) => current.NextResultAsync(ct);

        public async ValueTask DisposeAsync()
        {
            await wrapped.DisposeAsync();
            command?.Dispose();
        }
    }

    public Task<T?> ExecuteScalarAsync<T>(SqlText sql, object? args = null) =>
        connection.ExecuteScalarAsync<T>(Command(db.Render(sql, args), args));

    public Task<T?> ExecuteScalarAsync<T>(string sql, object? args = null) =>
        connection.ExecuteScalarAsync<T>(Command(db.Render(sql, args), args));

    public Task<int> ExecuteAsync(SqlText sql, object? args = null) =>
        connection.ExecuteAsync(Command(db.Render(sql, args), args));

    public Task<int> ExecuteAsync(string sql, object? args = null) =>
        connection.ExecuteAsync(Command(db.Render(sql, args), args));

    public Task<SqlMapper.GridReader> QueryMultipleAsync(SqlText sql, object? args = null) =>
        connection.QueryMultipleAsync(Command(db.Render(sql, args), args));

    /// <summary>
    /// One page of a list and the total count, in one round trip: <c>SELECT COUNT(*) FROM from where</c>, then
    /// <c>SELECT columns FROM from where ORDER BY orderBy</c> with the dialect's paging.
    /// </summary>
    /// <remarks>
    /// <paramref name="countFrom"/>, when given, counts without the joins that only the page's columns need. With
    /// <paramref name="key"/> as well, the page's keys are found first in <paramref name="countFrom"/> alone (narrow
    /// indexes) and only those rows are joined, so a deep page does not build every row it skips. <paramref name="total"/>
    /// replaces the count with a cheaper statement that gives the same number (e.g. from kept tallies).
    /// </remarks>
    public Task<(IReadOnlyList<T> Items, long Total)> PageAsync<T>(
        string columns, string from, SqlFilter filter, string orderBy, int skip, int take, string? countFrom = null, string? key = null, string? total = null) =>
        PageAsync<T>(_ => columns, from, filter, orderBy, skip, take, countFrom, key, total);

    public async Task<(IReadOnlyList<T> Items, long Total)> PageAsync<T>(
        SqlText columns, string from, SqlFilter filter, string orderBy, int skip, int take, string? countFrom = null, string? key = null, string? total = null)
    {
        using var grid = await QueryMultipleAsync(CountAndPage(columns, from, filter, orderBy, skip, take, countFrom, key, total), filter.Args);
        var count = await grid.ReadSingleAsync<long>();
        var items = (await grid.ReadAsync<T>()).AsList();
        return (items, count);
    }

    /// <summary>One page and the total as the other <c>PageAsync</c> reads them, each row read by <paramref name="read"/> (see <see cref="Cells"/>).</summary>
    public async Task<(IReadOnlyList<T> Items, long Total)> PageAsync<T>(
        string columns, string from, SqlFilter filter, string orderBy, int skip, int take, Func<DbDataReader, T> read, string? countFrom = null, string? key = null, string? total = null)
    {
        var sql = CountAndPage(_ => columns, from, filter, orderBy, skip, take, countFrom, key, total);
        await using var reader = await ReaderAsync(Command(db.Render(sql, filter.Args), filter.Args));
        // COUNT(*) and the SUM of an INT tally are ints on SQL Server, bigints elsewhere: converted, not cast.
        var count = await reader.ReadAsync(CancellationToken) ? Convert.ToInt64(reader.Current.GetValue(0), CultureInfo.InvariantCulture) : 0;
        var items = new List<T>(take);
        if (await reader.NextResultAsync(CancellationToken))
        {
            while (await reader.ReadAsync(CancellationToken))
            {
                items.Add(read(reader.Current));
            }
        }

        return (items, count);
    }

    private static SqlText CountAndPage(
        SqlText columns, string from, SqlFilter filter, string orderBy, int skip, int take, string? countFrom, string? key, string? total)
    {
        var where = AddPaging(filter, skip, take);
        return d => $"""
            {total ?? $"SELECT COUNT(*) FROM {countFrom ?? from} {where}"};
            {PageSql(d, columns, from, where, orderBy, skip, take, countFrom, key)};
            """;
    }

    /// <summary>
    /// One page as <see cref="PageAsync{T}(SqlText, string, SqlFilter, string, int, int, string?, string?, string?)"/> reads it,
    /// without the count, for a caller that already knows the total; each row read by <paramref name="read"/> (see <see cref="Cells"/>).
    /// </summary>
    public Task<IReadOnlyList<T>> PageItemsAsync<T>(
        string columns, string from, SqlFilter filter, string orderBy, int skip, int take, Func<DbDataReader, T> read, string? countFrom = null, string? key = null)
    {
        var where = AddPaging(filter, skip, take);
        return QueryAsync(d => PageSql(d, _ => columns, from, where, orderBy, skip, take, countFrom, key), filter.Args, read);
    }

    /// <summary>Adds the page's bounds to the filter's arguments; returns its WHERE clause.</summary>
    private static string AddPaging(SqlFilter filter, int skip, int take)
    {
        filter.Args.Add("Skip", skip);
        filter.Args.Add("Take", take);
        return filter.Where;
    }

    private static string PageSql(ISqlDialect d, SqlText columns, string from, string where, string orderBy, int skip, int take, string? countFrom, string? key) =>
        key is not null && countFrom is not null
            ? $"SELECT {columns(d)} FROM {from} WHERE {key} IN (SELECT {key} FROM {countFrom} {where} ORDER BY {orderBy} {d.Page(skip, take)}) ORDER BY {orderBy}"
            : $"SELECT {columns(d)} FROM {from} {where} ORDER BY {orderBy} {d.Page(skip, take)}";

    /// <summary>Rows one at a time as they are read, for exports that must not hold every row in memory.</summary>
    public IEnumerable<T> Stream<T>(SqlText sql, object? args = null) =>
        connection.Query<T>(new CommandDefinition(db.Render(sql, args), args, transaction, flags: CommandFlags.None, cancellationToken: CancellationToken));

    /// <summary>Rows one at a time as <see cref="Stream{T}(SqlText, object?)"/> gives them, each read by <paramref name="read"/> (see <see cref="Cells"/>).</summary>
    public IEnumerable<T> Stream<T>(SqlText sql, object? args, Func<DbDataReader, T> read)
    {
        using var wrapped = connection.ExecuteReader(Command(db.Render(sql, args), args));
        var reader = wrapped is IWrappedDataReader { Reader: DbDataReader inner } ? inner : (DbDataReader)wrapped;
        while (reader.Read())
        {
            yield return read(reader);
        }
    }

    /// <summary>A statement to run many times in this session with values bound in the order of <paramref name="parameters"/>.</summary>
    public PreparedStatement Prepare(SqlText sql, params IReadOnlyList<string> parameters)
    {
        // A command of its own, outside the statement cache: it lives as long as the session, which disposes it before the
        // connection goes back to be kept (a statement left to the garbage collector could be finalized while that
        // connection is being reset).
        var command = Own.CreateCommand();
        command.CommandText = db.Render(sql, null);
        command.Transaction = transaction;
        var prepared = new PreparedStatement(command, parameters, CancellationToken);
        (_prepared ??= []).Add(prepared);
        return prepared;
    }

    /// <summary>An INSERT to run many times in this session, each run returning the new row's id.</summary>
    public PreparedStatement PrepareInsert(string sql, IReadOnlyList<string> parameters) => Prepare(d => d.ReturningId(sql), parameters);

    /// <summary>Runs an INSERT and returns the new row's id.</summary>
    public Task<long> InsertAsync(string sql, object? args = null) => InsertAsync(_ => sql, args);

    public Task<long> InsertAsync(SqlText sql, object? args = null) =>
        connection.ExecuteScalarAsync<long>(Command(db.Render(d => d.ReturningId(sql(d)), args), args));

    /// <summary>
    /// Copies <paramref name="content"/> into the binary <paramref name="column"/> of row <paramref name="id"/>, which was
    /// inserted with the dialect's <see cref="ISqlDialect.EmptyBlob"/>, a buffer at a time: a 20 MB file never sits in memory.
    /// </summary>
    public async Task WriteBlobAsync(string table, string column, long id, Stream content)
    {
        if (db.Dialect.OpenBlob(Own, table, column, id) is { } blob)
        {
            await using (blob)
            {
                await content.CopyToAsync(blob, CancellationToken);
            }

            return;
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = db.Render($"UPDATE {table} SET {column} = @Content WHERE id = @Id", null);
        var value = command.CreateParameter();
        (value.ParameterName, value.DbType, value.Size, value.Value) = ("Content", System.Data.DbType.Binary, -1, content);
        command.Parameters.Add(value);
        var key = command.CreateParameter();
        (key.ParameterName, key.Value) = ("Id", id);
        command.Parameters.Add(key);
        await command.ExecuteNonQueryAsync(CancellationToken);
    }

    /// <summary>
    /// Gives <paramref name="readRow"/> the one row of <paramref name="sql"/>, if there is one, read in order so that a
    /// large column can be streamed with <see cref="DbDataReader.GetStream"/> (on SQLite the row's id must be among the
    /// columns). False when there is no row.
    /// </summary>
    public async Task<bool> ReadSequentiallyAsync(string sql, object args, Func<DbDataReader, Task> readRow)
    {
        await using var reader = await ReaderAsync(
            Command(db.Render(sql, args), args), System.Data.CommandBehavior.SequentialAccess | System.Data.CommandBehavior.SingleRow);
        if (!await reader.ReadAsync(CancellationToken))
        {
            return false;
        }

        await readRow(reader.Current);
        return true;
    }

    /// <summary>Holds the dialect's exclusive lock on <paramref name="resource"/> until this session's transaction ends.</summary>
    public async Task LockAsync(string resource)
    {
        if (db.Render(d => d.TransactionLock(resource) ?? "", null) is { Length: > 0 } sql)
        {
            await connection.ExecuteAsync(Command(sql, null));
        }
    }

    public Task CommitAsync() =>
        (transaction ?? throw new InvalidOperationException("This session has no transaction.")).CommitAsync(CancellationToken);

    public bool IsUniqueViolation(DbException exception) => db.Dialect.IsUniqueViolation(exception);

    /// <summary>The write's result, or null when a unique index refused it (the caller answers 409); other failures throw.</summary>
    public async Task<T?> UnlessDuplicateAsync<T>(Func<Task<T>> write)
        where T : struct
    {
        try
        {
            return await write();
        }
        catch (DbException e) when (IsUniqueViolation(e))
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var prepared in _prepared ?? [])
            {
                await prepared.DisposeAsync();
            }

            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }
        }
        finally
        {
            // Released whatever failed above; a kept connection left in a transaction is then closed, not kept.
            await db.ReleaseAsync(connection);
        }
    }

    private CommandDefinition Command(string sql, object? args) =>
        new(sql, args, transaction, cancellationToken: CancellationToken);
}
