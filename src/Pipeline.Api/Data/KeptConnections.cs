using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace Pipeline.Api.Data;

/// <summary>
/// SQLite connections the app keeps open, each with the statements it has compiled. Compiling is most of SQLite's work
/// for a short read (reading one project: 115 µs through a new command, 23 µs through a kept one), and
/// Microsoft.Data.Sqlite finalises a connection's statements when the connection goes back to its own pool, so a cache
/// of statements needs connections that are never closed between requests. A session rents one connection for its whole
/// life, so a connection, and every command cached on it, serves one request at a time.
/// </summary>
/// <remarks>
/// PostgreSQL gets the same from Npgsql's automatic preparation (<c>Max Auto Prepare</c>, defaulted in
/// <see cref="DatabaseSettings"/>), which keeps prepared statements on the pooled physical connection; SQL Server keeps
/// compiled plans in its own plan cache, keyed by the parameterised text SqlClient sends, so neither needs this.
/// </remarks>
public sealed class KeptConnections(string connectionString, int busyTimeoutMs, int capacity, int statementsPerConnection) : IAsyncDisposable
{
    private readonly ConcurrentBag<KeptConnection> _idle = [];
    private readonly StatementCacheCounters _counters = new();
    private int _idleCount;
    private int _open;
    private int _disposed;

    /// <summary>Connections open now, idle or rented.</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>Statements compiled into a cache so far (a statement found in the cache is not compiled again).</summary>
    public long Compiles => Interlocked.Read(ref _counters.Compiles);

    /// <summary>Statements run from a cache without compiling.</summary>
    public long Reuses => Interlocked.Read(ref _counters.Reuses);

    /// <summary>The most statements any idle connection holds compiled, at most <c>statementsPerConnection</c>.</summary>
    public int MostCached => _idle.Select(c => c.Statements.Count).DefaultIfEmpty().Max();

    /// <summary>An idle kept connection, or a new one when all are rented.</summary>
    public async Task<KeptConnection> RentAsync(CancellationToken ct)
    {
        if (!Disposed && _idle.TryTake(out var idle))
        {
            Interlocked.Decrement(ref _idleCount);
            return idle;
        }

        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(ct);
            // Lets EndReads find the connection's statements (SQLitePCL tracks them only when asked).
            connection.Handle!.enable_sqlite3_next_stmt(true);
            using var pragma = connection.CreateCommand();
            pragma.CommandText = $"PRAGMA busy_timeout = {busyTimeoutMs};";
            await pragma.ExecuteNonQueryAsync(ct);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        Interlocked.Increment(ref _open);
        return new KeptConnection(connection, new StatementCache(connection, statementsPerConnection, _counters));
    }

    /// <summary>
    /// Takes a connection back when its session ends: kept while there is room and it is clean (open, no transaction left),
    /// otherwise closed. After <see cref="DisposeAsync"/> every connection coming back is closed.
    /// </summary>
    public async ValueTask ReturnAsync(KeptConnection connection)
    {
        if (!Disposed && connection.IsReusable)
        {
            if (Interlocked.Increment(ref _idleCount) <= capacity)
            {
                connection.EndReads();
                _idle.Add(connection);
                // Disposal may have begun after the check and emptied the bag before this one arrived. The fence keeps the
                // read below after the add, as disposal's exchange keeps its emptying after the flag: one of the two sees the other.
                Interlocked.MemoryBarrier();
                if (Disposed)
                {
                    await CloseIdleAsync();
                }

                return;
            }

            Interlocked.Decrement(ref _idleCount);
        }

        await CloseAsync(connection);
    }

    /// <summary>Closes the idle connections; the rented ones are closed as their sessions end.</summary>
    public async ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _disposed, 1);
        await CloseIdleAsync();
    }

    private bool Disposed => Volatile.Read(ref _disposed) == 1;

    private async Task CloseIdleAsync()
    {
        while (_idle.TryTake(out var idle))
        {
            Interlocked.Decrement(ref _idleCount);
            await CloseAsync(idle);
        }
    }

    private async Task CloseAsync(KeptConnection connection)
    {
        try
        {
            connection.Statements.Clear();
        }
        finally
        {
            await connection.Inner.DisposeAsync();
            Interlocked.Decrement(ref _open);
        }
    }
}

/// <summary>The counts every cache of one <see cref="KeptConnections"/> adds to.</summary>
internal sealed class StatementCacheCounters
{
    public long Compiles;
    public long Reuses;
}

/// <summary>
/// The face a kept SQLite connection shows Dapper: the connection itself for everything but commands, whose statements
/// come from the connection's cache. Never closes the connection it wraps; <see cref="KeptConnections"/> owns that.
/// </summary>
public sealed class KeptConnection : DbConnection
{
    internal KeptConnection(SqliteConnection inner, StatementCache statements)
    {
        Inner = inner;
        Statements = statements;
    }

    public SqliteConnection Inner { get; }

    internal StatementCache Statements { get; }

    /// <summary>Open, no cached command still out, and no transaction left open on it.</summary>
    internal bool IsReusable => Inner.State == ConnectionState.Open && !Statements.AnyRented && SQLitePCL.raw.sqlite3_get_autocommit(Inner.Handle) != 0;

    /// <summary>
    /// Resets every statement left part-way through its rows. A kept statement that a reader stopped reading early (a
    /// single-row read) stays active, and an active statement holds its read transaction open: the connection would go on
    /// seeing the database as it was then, missing every later commit, on every request that rents it.
    /// </summary>
    internal void EndReads()
    {
        var handle = Inner.Handle!;
        for (var statement = SQLitePCL.raw.sqlite3_next_stmt(handle, null); statement is not null; statement = SQLitePCL.raw.sqlite3_next_stmt(handle, statement))
        {
            if (SQLitePCL.raw.sqlite3_stmt_busy(statement) != 0)
            {
                SQLitePCL.raw.sqlite3_reset(statement);
            }
        }
    }

    [AllowNull]
    public override string ConnectionString
    {
        get => Inner.ConnectionString;
        set => throw new NotSupportedException("A kept connection keeps its connection string.");
    }

    public override string Database => Inner.Database;

    public override string DataSource => Inner.DataSource;

    public override string ServerVersion => Inner.ServerVersion;

    public override ConnectionState State => Inner.State;

    public override void ChangeDatabase(string databaseName) => Inner.ChangeDatabase(databaseName);

    public override void Open() => Inner.Open();

    // Dapper closes only connections it opened itself, and a kept connection is always open.
    public override void Close()
    {
    }

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => Inner.BeginTransaction(isolationLevel);

    protected override DbCommand CreateDbCommand() => new CachedCommand(this);
}

/// <summary>
/// The compiled statements of one connection, by SQL text, at most <c>capacity</c> of them; the least recently used one
/// that is not running goes first. Used by one session at a time, so it needs no lock.
/// </summary>
internal sealed class StatementCache(SqliteConnection connection, int capacity, StatementCacheCounters counters)
{
    private readonly Dictionary<string, LinkedListNode<Entry>> _bySql = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _byUse = [];
    private int _rented;

    public int Count => _bySql.Count;

    public bool AnyRented => _rented > 0;

    /// <summary>
    /// The cached command for <paramref name="sql"/>; a command of its own, not cached, when the cached one is still
    /// running (a statement streamed while the same text runs again).
    /// </summary>
    public SqliteCommand Rent(string sql)
    {
        if (_bySql.TryGetValue(sql, out var node))
        {
            if (node.Value.Rented)
            {
                return new SqliteCommand(sql, connection);
            }

            _byUse.Remove(node);
            _byUse.AddFirst(node);
            node.Value.Rented = true;
            _rented++;
            Interlocked.Increment(ref counters.Reuses);
            return node.Value.Command;
        }

        var entry = new Entry(new SqliteCommand(sql, connection)) { Rented = true };
        _bySql[sql] = _byUse.AddFirst(entry);
        _rented++;
        Interlocked.Increment(ref counters.Compiles);
        Evict();
        return entry.Command;
    }

    public void Return(SqliteCommand command)
    {
        if (_bySql.TryGetValue(command.CommandText, out var node) && ReferenceEquals(node.Value.Command, command))
        {
            command.Parameters.Clear();
            command.Transaction = null;
            node.Value.Rented = false;
            _rented--;
            Evict();
            return;
        }

        command.Dispose();
    }

    public void Clear()
    {
        foreach (var entry in _byUse)
        {
            entry.Command.Dispose();
        }

        _byUse.Clear();
        _bySql.Clear();
    }

    private void Evict()
    {
        for (var node = _byUse.Last; node is not null && _bySql.Count > capacity;)
        {
            var previous = node.Previous;
            if (!node.Value.Rented)
            {
                _byUse.Remove(node);
                _bySql.Remove(node.Value.Command.CommandText);
                node.Value.Command.Dispose();
            }

            node = previous;
        }
    }

    private sealed class Entry(SqliteCommand command)
    {
        public SqliteCommand Command { get; } = command;

        public bool Rented { get; set; }
    }
}

/// <summary>
/// A command as Dapper builds it (text, then parameters, then execution, then disposal) over the cached statement for
/// its text. The text and parameters stay here until the command runs, because Dapper may rewrite the text after it
/// has begun adding parameters (expanding a list) and keeps adding them to the collection it first got; the cached
/// statement for the final text is rented at the first run and given back when the command is disposed.
/// </summary>
internal sealed class CachedCommand(KeptConnection connection) : DbCommand
{
    private readonly CommandParameters _parameters = new();
    private string _text = "";
    private SqliteCommand? _inner;
    private DbTransaction? _transaction;

    [AllowNull]
    public override string CommandText
    {
        get => _text;
        set => _text = value ?? "";
    }

    public override int CommandTimeout { get; set; } = 30;

    public override CommandType CommandType
    {
        get => CommandType.Text;
        set
        {
            if (value != CommandType.Text)
            {
                throw new NotSupportedException("SQLite runs text commands only.");
            }
        }
    }

    public override bool DesignTimeVisible { get; set; }

    public override UpdateRowSource UpdatedRowSource { get; set; }

    protected override DbConnection? DbConnection
    {
        get => connection;
        set => throw new NotSupportedException("A cached command stays on its connection.");
    }

    protected override DbParameterCollection DbParameterCollection => _parameters;

    protected override DbTransaction? DbTransaction
    {
        get => _transaction;
        set => _transaction = value;
    }

    public override void Cancel() => _inner?.Cancel();

    public override int ExecuteNonQuery() => Ready().ExecuteNonQuery();

    public override object? ExecuteScalar() => Ready().ExecuteScalar();

    public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken) => Ready().ExecuteNonQueryAsync(cancellationToken);

    public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken) => Ready().ExecuteScalarAsync(cancellationToken);

    // Compiling is what the cache is for: a cached statement is compiled once, when first run.
    public override void Prepare()
    {
    }

    protected override DbParameter CreateDbParameter() => new SqliteParameter();

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => Ready().ExecuteReader(behavior);

    protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
        await Ready().ExecuteReaderAsync(behavior, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Release();
        }

        base.Dispose(disposing);
    }

    /// <summary>The cached statement for the text as it is now, with this command's parameters, transaction and timeout.</summary>
    private SqliteCommand Ready()
    {
        if (_inner is not null && !string.Equals(_inner.CommandText, _text, StringComparison.Ordinal))
        {
            Release();
        }

        _inner ??= connection.Statements.Rent(_text);
        _inner.Parameters.Clear();
        foreach (SqliteParameter parameter in _parameters)
        {
            _inner.Parameters.Add(parameter);
        }

        _inner.Transaction = (SqliteTransaction?)_transaction;
        _inner.CommandTimeout = CommandTimeout;
        return _inner;
    }

    private void Release()
    {
        if (_inner is not null)
        {
            connection.Statements.Return(_inner);
            _inner = null;
        }
    }

    /// <summary>The parameters Dapper adds, held until the command runs (the collection's constructor is for subclasses).</summary>
    private sealed class CommandParameters : SqliteParameterCollection;
}
