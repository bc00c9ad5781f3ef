using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Api.Data;
using Pipeline.Api.Features.Units;
using Pipeline.Api.Tests.Infrastructure;

namespace Pipeline.Api.Tests.Data;

/// <summary>
/// The statement cache on the SQLite connections the app keeps open, Npgsql's automatic preparation on PostgreSQL, and
/// the data version that conditional reads stand on.
/// </summary>
public class StatementCacheTests
{
    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql];

    private static readonly DateTime Now = new(2026, 6, 15, 2, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Query_SameStatementInManySessions_CompiledOnceThenReused()
    {
        await using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var db = Migrated(database);
        var kept = db.Kept!;
        await RunAsync(db, "SELECT COUNT(*) FROM units WHERE id > @Id", new { Id = 0 });
        var (compiles, reuses) = (kept.Compiles, kept.Reuses);

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(0, await RunAsync(db, "SELECT COUNT(*) FROM units WHERE id > @Id", new { Id = 1_000_000 + i }));
        }

        Assert.Equal(compiles, kept.Compiles);
        Assert.Equal(reuses + 20, kept.Reuses);
        Assert.Equal(1, kept.Open);
    }

    [Fact]
    public async Task QueryFirstOrDefaultAsync_ReadByCellsInManySessions_CompiledOnceThenReused()
    {
        await using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var db = Migrated(database);

        await AssertCompiledOnceThenReusedAsync(db, async (session, id) =>
            Assert.Null(await session.QueryFirstOrDefaultAsync(_ => "SELECT name FROM units WHERE id > @Id ORDER BY id", new { Id = id }, r => r.GetString(0))));
    }

    [Fact]
    public async Task QueryAsync_ReadByCellsInManySessions_CompiledOnceThenReused()
    {
        await using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var db = Migrated(database);

        await AssertCompiledOnceThenReusedAsync(db, async (session, id) =>
            Assert.Empty(await session.QueryAsync(_ => "SELECT name FROM units WHERE id > @Id ORDER BY id", new { Id = id }, r => r.GetString(0))));
    }

    [Fact]
    public async Task Stream_ReadByCellsInManySessions_CompiledOnceThenReused()
    {
        await using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var db = Migrated(database);

        await AssertCompiledOnceThenReusedAsync(db, (session, id) =>
        {
            Assert.Empty(session.Stream(_ => "SELECT name FROM units WHERE id > @Id ORDER BY id", new { Id = id }, r => r.GetString(0)).ToList());
            return Task.CompletedTask;
        });
    }

    [Fact]
    public async Task ReadSequentiallyAsync_InManySessions_CompiledOnceThenReused()
    {
        await using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var db = Migrated(database);

        await AssertCompiledOnceThenReusedAsync(db, async (session, id) =>
            Assert.False(await session.ReadSequentiallyAsync("SELECT id, name FROM units WHERE id = @Id", new { Id = id }, _ => Task.CompletedTask)));
    }

    [Fact]
    public async Task Query_MoreStatementsThanTheCacheHolds_CacheStaysCappedAndKeepsTheRecentOnes()
    {
        await using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var db = Migrated(database, statementCacheSize: 4);
        var kept = db.Kept!;
        for (var i = 0; i < 12; i++)
        {
            Assert.Equal(i, await RunAsync(db, $"SELECT {i}", null));
        }

        var compiles = kept.Compiles;
        Assert.Equal(11, await RunAsync(db, "SELECT 11", null));
        Assert.Equal(compiles, kept.Compiles);
        Assert.Equal(0, await RunAsync(db, "SELECT 0", null));
        Assert.Equal(compiles + 1, kept.Compiles);
        Assert.Equal(4, kept.MostCached);
    }

    [Fact]
    public async Task Query_ManySessionsAtOnceOnTheSameStatements_EachGetsItsOwnAnswer()
    {
        await using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var db = Migrated(database, keptConnections: 4);
        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(worker => Task.Run(async () =>
        {
            var wrong = 0;
            for (var i = 0; i < 50; i++)
            {
                await using var session = await db.OpenAsync();
                var value = (worker * 1000) + i;
                wrong += await session.ExecuteScalarAsync<long>("SELECT @Value + 0", new { Value = value }) == value ? 0 : 1;
                var rows = await session.QueryAsync<long>("SELECT @Value UNION ALL SELECT @Value + 1", new { Value = value });
                wrong += rows.SequenceEqual([value, value + 1]) ? 0 : 1;
            }

            return wrong;
        })));

        Assert.All(answers, wrong => Assert.Equal(0, wrong));
        Assert.InRange(db.Kept!.Open, 1, 4);
        Assert.Equal(2, db.Kept.MostCached);
    }

    [Fact]
    public async Task Stream_SameStatementRunsAgainWhileStreaming_BothReadTheirOwnRows()
    {
        await using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var db = Migrated(database);
        await using var session = await db.OpenAsync();
        var units = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            units.Add(await UnitStore.InsertAsync(session, TestApi.Unique("单位"), UnitKind.Township, null, Now));
        }

        const string sql = "SELECT id FROM units WHERE id <= @Last ORDER BY id";
        var outer = new List<long>();
        foreach (var id in session.Stream<long>(_ => sql, new { Last = units[^1] }))
        {
            outer.Add(id);
            Assert.Equal(units.TakeWhile(u => u <= id), await session.QueryAsync<long>(sql, new { Last = id }));
        }

        Assert.Equal(units, outer);
    }

    [Fact]
    public async Task Dispose_WhileSessionsRunAtOnce_EverySessionFinishesAndNoConnectionStaysOpen()
    {
        await using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        var db = Migrated(database, keptConnections: 4);
        var kept = db.Kept!;
        using var started = new CountdownEvent(8);
        var workers = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var runs = 0;
            for (var i = 0; i < 200; i++)
            {
                await using var session = await db.OpenAsync();
                Assert.Equal(worker + i, await session.ExecuteScalarAsync<long>("SELECT @A + @B", new { A = worker, B = i }));
                runs++;
                if (i == 10)
                {
                    started.Signal();
                }
            }

            return runs;
        })).ToList();

        started.Wait(TestContext.Current.CancellationToken);
        await db.DisposeAsync();
        var runs = await Task.WhenAll(workers);

        Assert.All(runs, r => Assert.Equal(200, r));
        Assert.Equal(0, kept.Open);
    }

    [Fact]
    public async Task Query_SingleRowReadThenAnotherConnectionCommits_TheNextSessionSeesTheCommit()
    {
        await using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var db = Migrated(database, keptConnections: 1);
        for (var i = 0; i < 3; i++)
        {
            await using var write = await db.BeginAsync();
            await UnitStore.InsertAsync(write, TestApi.Unique("单位"), UnitKind.Township, null, Now);
            await write.CommitAsync();
        }

        await using (var read = await db.OpenAsync())
        {
            // The first of three rows, and the reader closed before the others: its statement is left part-way.
            Assert.NotEqual(0, read.Stream<long>(_ => "SELECT id FROM units ORDER BY id").First());
        }

        await using (var outside = await database.OpenAsync())
        {
            await outside.ExecuteAsync("INSERT INTO units (name, kind, version, created_at, updated_at) VALUES ('外部', 'township', 1, '2026-06-15', '2026-06-15')");
        }

        await using var after = await db.OpenAsync();
        Assert.Equal(4, await after.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM units"));
    }

    [Fact]
    public async Task Query_ListParameterAndOneStatementPerItem_EveryValueBound()
    {
        await using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var db = Migrated(database);
        await using var session = await db.BeginAsync();
        var units = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            units.Add(await UnitStore.InsertAsync(session, TestApi.Unique("单位"), UnitKind.Township, null, Now));
        }

        var renamed = await session.ExecuteAsync("UPDATE units SET name = @Name WHERE id = @Id", units.Select(id => new { Id = id, Name = $"改名{id}" }));
        var chosen = await session.QueryAsync<string>(d => $"SELECT name FROM units WHERE id {d.InList("@Ids")} ORDER BY id", new { Ids = units.Take(2).ToList() });

        Assert.Equal(3, renamed);
        Assert.Equal(units.Take(2).Select(id => $"改名{id}"), chosen);
    }

    [Fact]
    public async Task Transaction_OnAKeptConnection_CommitsAndTheConnectionIsReused()
    {
        await using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var db = Migrated(database);
        await using (var write = await db.BeginAsync())
        {
            await UnitStore.InsertAsync(write, TestApi.Unique("单位"), UnitKind.Township, null, Now);
            await write.CommitAsync();
        }

        await using (var rolledBack = await db.BeginAsync())
        {
            await UnitStore.InsertAsync(rolledBack, TestApi.Unique("单位"), UnitKind.Township, null, Now);
        }

        Assert.Equal(1, await RunAsync(db, "SELECT COUNT(*) FROM units", null));
        Assert.Equal(1, db.Kept!.Open);
    }

    [Fact]
    public async Task ReturnAsync_ConnectionLeftInATransaction_ClosedNotKept()
    {
        await using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var db = Migrated(database);
        var kept = db.Kept!;
        var connection = await kept.RentAsync(CancellationToken.None);
        await connection.Inner.ExecuteAsync("BEGIN TRANSACTION");
        var open = kept.Open;

        await kept.ReturnAsync(connection);

        Assert.Equal(open - 1, kept.Open);
        Assert.Equal(System.Data.ConnectionState.Closed, connection.Inner.State);
    }

    [Fact]
    public void Settings_PostgreSqlWithoutMaxAutoPrepare_PreparesAutomatically()
    {
        var defaulted = new Npgsql.NpgsqlConnectionStringBuilder(DatabaseSettings.AutoPrepared("Host=db;Username=app;Database=pipeline"));
        var chosen = new Npgsql.NpgsqlConnectionStringBuilder(DatabaseSettings.AutoPrepared("Host=db;Username=app;Max Auto Prepare=0"));

        Assert.Equal(DatabaseSettings.PostgreSqlAutoPrepared, defaulted.MaxAutoPrepare);
        Assert.Equal("pipeline", defaulted.Database);
        Assert.Equal(0, chosen.MaxAutoPrepare);
    }

    [Fact]
    public async Task Query_PostgreSqlStatementRunSeveralTimes_PreparedOnTheServer()
    {
        await using var database = TestDatabase.CreateOrSkip(DatabaseProvider.PostgreSql);
        new Migrator(database.Settings, NullLogger<Migrator>.Instance).Migrate();
        var settings = database.Settings with { ConnectionString = DatabaseSettings.AutoPrepared(database.ConnectionString) };
        await using var db = new Db(settings, SqlDialects.For(DatabaseProvider.PostgreSql), []);
        await using var session = await db.OpenAsync();
        for (var i = 0; i < 10; i++)
        {
            await session.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM units WHERE id > @Id", new { Id = i });
        }

        var prepared = await session.QueryAsync<string>("SELECT statement FROM pg_prepared_statements");

        Assert.Contains(prepared, s => s.Contains("FROM units WHERE id >", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task DataVersion_WriteInATransaction_RaisedWhenItCommitsAndNotWhenItRollsBack(DatabaseProvider provider)
    {
        await using var database = TestDatabase.CreateOrSkip(provider);
        await using var db = Migrated(database);
        var before = await db.DataVersionAsync(forReports: false, CancellationToken.None);

        long during;
        await using (var write = await db.BeginAsync())
        {
            await UnitStore.InsertAsync(write, TestApi.Unique("单位"), UnitKind.Township, null, Now);
            during = await db.DataVersionAsync(forReports: false, CancellationToken.None);
            await write.CommitAsync();
        }

        var committed = await db.DataVersionAsync(forReports: false, CancellationToken.None);
        await using (var rolledBack = await db.BeginAsync())
        {
            await UnitStore.InsertAsync(rolledBack, TestApi.Unique("单位"), UnitKind.Township, null, Now);
        }

        Assert.Equal(before, during);
        Assert.True(committed > before, $"The version stayed at {before} after a committed write.");
        Assert.Equal(committed, await db.DataVersionAsync(forReports: false, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task DataVersion_EveryTable_RaisedByItsWritesUnlessNamedAsUnversioned(DatabaseProvider provider)
    {
        await using var database = TestDatabase.CreateOrSkip(provider);
        new Migrator(database.Settings, NullLogger<Migrator>.Instance).Migrate();
        await using var connection = await database.OpenAsync();
        var (tables, versioned) = provider == DatabaseProvider.Sqlite
            ? (await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND lower(name) <> 'schemaversions'"),
                await connection.QueryAsync<string>("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%UPDATE data_versions%' GROUP BY tbl_name HAVING COUNT(*) = 3"))
            : (await connection.QueryAsync<string>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND lower(table_name) <> 'schemaversions'"),
                await connection.QueryAsync<string>("""
                    SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc f ON f.oid = t.tgfoid
                    WHERE f.proname = 'data_written' AND NOT t.tgisinternal
                    """));

        Assert.Empty(tables.Except(versioned).Except(DataVersions.Unversioned.Keys).Order());
        Assert.Empty(versioned.Intersect(DataVersions.Unversioned.Keys));
    }

    private static Db Migrated(TestDatabase database, int keptConnections = 4, int statementCacheSize = 128)
    {
        DapperSetup.Configure();
        new Migrator(database.Settings, NullLogger<Migrator>.Instance).Migrate();
        return new Db(database.Settings with { KeptConnections = keptConnections, StatementCacheSize = statementCacheSize },
            SqlDialects.For(database.Provider), [new TSqlParseCheck()]);
    }

    /// <summary>Runs <paramref name="read"/> in 20 sessions after a first one: no compile after the first, a reuse each time.</summary>
    private static async Task AssertCompiledOnceThenReusedAsync(Db db, Func<DbSession, long, Task> read)
    {
        var kept = db.Kept!;
        async Task InSessionAsync(long id)
        {
            await using var session = await db.OpenAsync();
            await read(session, id);
        }

        await InSessionAsync(1_000_000);
        var (compiles, reuses) = (kept.Compiles, kept.Reuses);
        for (var i = 1; i <= 20; i++)
        {
            await InSessionAsync(1_000_000 + i);
        }

        Assert.Equal(compiles, kept.Compiles);
        Assert.Equal(reuses + 20, kept.Reuses);
    }

    private static async Task<long> RunAsync(Db db, string sql, object? args)
    {
        await using var session = await db.OpenAsync();
        return await session.ExecuteScalarAsync<long>(sql, args);
    }
}
