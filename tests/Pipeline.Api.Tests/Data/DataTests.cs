using System.Data;
using System.Data.Common;
using Dapper;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Api.Data;
using Pipeline.Api.Features.Audit;
using Pipeline.Api.Features.Projects;
using Pipeline.Api.Features.Units;
using Pipeline.Api.Hosting;
using Pipeline.Api.Tests.Infrastructure;
using Pipeline.Domain.Projects;

namespace Pipeline.Api.Tests.Data;

/// <summary>
/// The data layer itself, written once and run on each provider (SQL Server where PIPELINE_TEST_SQLSERVER is set, PostgreSQL where
/// PIPELINE_TEST_POSTGRESQL is).
/// </summary>
public class DataTests
{
    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.SqlServer, DatabaseProvider.PostgreSql];

    private static readonly DateTime Now = new(2026, 6, 15, 2, 0, 0, DateTimeKind.Utc);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Quantities_ManyAwkwardAmounts_RoundTripAndSumExactly(DatabaseProvider provider)
    {
        await using var database = TestDatabase.CreateOrSkip(provider);
        var db = await MigratedAsync(database);
        await using var session = await db.BeginAsync();
        var unit = await UnitStore.InsertAsync(session, TestApi.Unique("单位"), UnitKind.Township, null, Now);
        var amounts = Enumerable.Range(0, 300).Select(i => 12345.67m + i * 0.0001m + (i % 7) * 1000.3333m).ToList();
        foreach (var amount in amounts)
        {
            await ProjectStore.CreateAsync(session, Project(unit, amount, 33.333m), new DateOnly(2026, 1, 5), 1, Now);
        }

        var sums = await session.QuerySingleOrDefaultAsync<Sums>(
            "SELECT SUM(total_investment) AS Investment, SUM(land_area_mu) AS Area FROM projects WHERE responsible_unit_id = @unit", new { unit });
        var first = await session.QuerySingleOrDefaultAsync<ProjectRow>(d => $"""
            SELECT total_investment AS TotalInvestment, land_area_mu AS LandAreaMu, talks_started_on AS TalksStartedOn, created_at AS CreatedAt
            FROM projects WHERE responsible_unit_id = @unit ORDER BY id {d.Limit(1)}
            """, new { unit });

        Assert.Equal(amounts.Sum(), Pipeline.Domain.Quantities.FromStored(sums!.Investment));
        Assert.Equal(33.333m * amounts.Count, Pipeline.Domain.Quantities.FromStored(sums.Area));
        Assert.Equal(12345.67m, Pipeline.Domain.Quantities.FromStored(first!.TotalInvestment));
        Assert.Equal(33.333m, Pipeline.Domain.Quantities.FromStored(first.LandAreaMu));
        Assert.Equal(new DateOnly(2026, 1, 5), first.TalksStartedOn);
        Assert.Equal(Now, first.CreatedAt);
        Assert.Equal(DateTimeKind.Utc, first.CreatedAt.Kind);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task UnitTree_MoveSubtree_DescendantsFollow(DatabaseProvider provider)
    {
        await using var database = TestDatabase.CreateOrSkip(provider);
        var db = await MigratedAsync(database);
        await using var session = await db.BeginAsync();
        var a = await UnitStore.InsertAsync(session, TestApi.Unique("A"), UnitKind.Bureau, null, Now);
        var b = await UnitStore.InsertAsync(session, TestApi.Unique("B"), UnitKind.Bureau, null, Now);
        var child = await UnitStore.InsertAsync(session, TestApi.Unique("C"), UnitKind.Township, a, Now);
        var grandchild = await UnitStore.InsertAsync(session, TestApi.Unique("D"), UnitKind.Department, child, Now);

        await UnitStore.MoveAsync(session, child, b);

        Assert.True(await UnitStore.IsWithinAsync(session, grandchild, b));
        Assert.True(await UnitStore.IsWithinAsync(session, grandchild, child));
        Assert.False(await UnitStore.IsWithinAsync(session, grandchild, a));
        Assert.False(await UnitStore.IsWithinAsync(session, child, a));
        var depth = await session.ExecuteScalarAsync<long>(
            "SELECT depth FROM unit_tree WHERE ancestor_id = @b AND descendant_id = @grandchild", new { b, grandchild });
        Assert.Equal(2, depth);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Transaction_NotCommitted_LeavesNothingBehind(DatabaseProvider provider)
    {
        await using var database = TestDatabase.CreateOrSkip(provider);
        var db = await MigratedAsync(database);
        var name = TestApi.Unique("回滚");
        await using (var session = await db.BeginAsync())
        {
            await UnitStore.InsertAsync(session, name, UnitKind.Other, null, Now);
        }

        await using var check = await db.OpenAsync();
        Assert.Equal(0, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM units WHERE name = @name", new { name }));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task PreparedStatement_SessionCancelled_RunsNoMore(DatabaseProvider provider)
    {
        await using var database = TestDatabase.CreateOrSkip(provider);
        var db = await MigratedAsync(database);
        using var cancel = new CancellationTokenSource();
        await using var session = await db.BeginAsync(cancel.Token);
        var insert = session.Prepare(
            _ => "INSERT INTO units (name, kind, created_at, updated_at) VALUES (@name, 'other', @now, @now)", "name", "now");
        Assert.Equal(1, await insert.ExecuteAsync(TestApi.Unique("预备一"), Now));

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => insert.ExecuteAsync(TestApi.Unique("预备二"), Now));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Migrate_RunTwice_SecondRunAppliesNothing(DatabaseProvider provider)
    {
        await using var database = TestDatabase.CreateOrSkip(provider);
        var migrator = new Migrator(database.Settings, NullLogger<Migrator>.Instance);

        var first = migrator.Migrate();
        var second = migrator.Migrate();

        Assert.Equal(Migrator.Scripts(provider).Select(s => s.Name), first);
        Assert.Empty(second);
        Assert.Empty(migrator.Pending());
    }

    [Fact]
    public async Task Sqlite_Connection_HasWalForeignKeysAndBusyTimeout()
    {
        await using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        var db = await MigratedAsync(database);
        await using var session = await db.OpenAsync();

        Assert.Equal("wal", await session.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        Assert.Equal(1, await session.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
        Assert.Equal(5000, await session.ExecuteScalarAsync<long>("PRAGMA busy_timeout"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AuditChain_EntriesAtSubMillisecondInstants_VerifyWhole(DatabaseProvider provider)
    {
        await using var database = TestDatabase.CreateOrSkip(provider);
        var db = await MigratedAsync(database);
        var clock = new FakeTimeProvider(Now.AddTicks(1_234_567));
        var audit = new AuditLog(new HttpContextAccessor(), new BusinessClock(clock, TimeZoneInfo.Utc));
        await using (var session = await db.BeginAsync())
        {
            await audit.WriteAsync(session, "update", "project", 1);
            clock.Advance(TimeSpan.FromTicks(6_419_754));
            await audit.Prepare(session).WriteAsync("update", "project", 2);
            await session.CommitAsync();
        }

        await using var reading = await db.OpenAsync();

        Assert.Equal([AuditChain.Stored(Now.AddTicks(1_234_567)), AuditChain.Stored(Now.AddTicks(7_654_321))],
            await reading.QueryAsync<DateTime>("SELECT at FROM audit_log WHERE hash IS NOT NULL ORDER BY id"));
        Assert.Equal((2L, (long?)null), AuditChain.Verify(reading));
    }

    [Fact]
    public void BindInstant_EachProvidersParameter_ExactInstantTypeInUtc()
    {
        var instant = Now.AddTicks(1_234_567);
        var sqlServer = new Microsoft.Data.SqlClient.SqlParameter();
        var postgreSql = new Npgsql.NpgsqlParameter();
        var sqlite = new SqliteParameter();
        IDbDataParameter[] parameters = [sqlServer, postgreSql, sqlite];

        foreach (var parameter in parameters)
        {
            DapperSetup.BindInstant(parameter, DateTime.SpecifyKind(instant, DateTimeKind.Unspecified));
        }

        Assert.Equal(SqlDbType.DateTime2, sqlServer.SqlDbType);
        Assert.Equal(NpgsqlTypes.NpgsqlDbType.TimestampTz, postgreSql.NpgsqlDbType);
        Assert.Equal(DbType.DateTime2, sqlite.DbType);
        Assert.All(parameters, p => Assert.Equal((instant, DateTimeKind.Utc), (Assert.IsType<DateTime>(p.Value), ((DateTime)p.Value!).Kind)));
    }

    [Fact]
    public void DateTimeParameter_BoundThroughDapper_GoesAsDateTime2()
    {
        DapperSetup.Configure();
        using var connection = new RecordingSqliteConnection();
        connection.Open();

        connection.ExecuteScalar<string>("SELECT @At -- DateTimeParameter_BoundThroughDapper", new { At = Now });

        Assert.Equal([DbType.DateTime2], connection.BoundTypes);
    }

    /// <summary>An in-memory SQLite connection that notes the type of each parameter Dapper bound, as its scalar reads run.</summary>
    private sealed class RecordingSqliteConnection() : SqliteConnection("Data Source=:memory:")
    {
        public List<DbType> BoundTypes { get; } = [];

        protected override DbCommand CreateDbCommand() => new RecordingCommand(this);

        private sealed class RecordingCommand(RecordingSqliteConnection connection) : SqliteCommand(null, connection)
        {
            public override object? ExecuteScalar()
            {
                connection.BoundTypes.AddRange(Parameters.Cast<SqliteParameter>().Select(p => p.DbType));
                return base.ExecuteScalar();
            }
        }
    }

    /// <summary>
    /// The alert scan fills alert_candidates and empties it again inside one transaction, so autovacuum only ever finds it
    /// empty; planned as one row, PostgreSQL opened 20,000 new alerts in 25 s at 100,000 projects instead of 0.7 s.
    /// </summary>
    [Fact]
    public async Task RefreshStatistics_RowsWrittenInTheTransaction_PlannedAsWritten()
    {
        await using var database = TestDatabase.CreateOrSkip(DatabaseProvider.PostgreSql);
        await MigratedAsync(database);
        // The statements below are PostgreSQL's own, so they go straight to the server rather than through the app's T-SQL check.
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("ANALYZE alert_candidates");
        await using var transaction = await connection.BeginTransactionAsync();
        var scan = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO alert_scans (trigger_kind, scan_date, started_at) VALUES ('manual', @Today, @Now) RETURNING id
            """, new { Today = DateOnly.FromDateTime(Now), Now }, transaction);
        await connection.ExecuteAsync("""
            INSERT INTO alert_candidates (scan_id, rule_code, subject_type, subject_id, level, since, unit_id)
            SELECT @scan, 'signedNotStarted', 'project', n, 'red', @Today, 1 FROM generate_series(1, 5000) n
            """, new { scan, Today = DateOnly.FromDateTime(Now) }, transaction);
        Task<double> PlannedRowsAsync() => EstimatedRowsAsync(connection, transaction,
            "SELECT * FROM alert_candidates WHERE scan_id = @scan AND rule_code = 'signedNotStarted'", new { scan });

        var before = await PlannedRowsAsync();
        await connection.ExecuteAsync(SqlDialects.For(DatabaseProvider.PostgreSql).RefreshStatistics("alert_candidates")!, transaction: transaction);
        var after = await PlannedRowsAsync();

        Assert.True(before < 100, $"the empty table's statistics should promise few rows, not {before}");
        Assert.InRange(after, 4000, 6000);
    }

    /// <summary>
    /// Autovacuum counts committed rows only: counted while the scan's transaction filled alerts, the table's statistics
    /// promised none, and PostgreSQL looped over 76,000 open alerts for their notifications (over 30 s at 100,000 projects).
    /// </summary>
    [Fact]
    public async Task RefreshStatistics_AlertsCountedWhileBeingWritten_PlannedAsCommitted()
    {
        await using var database = TestDatabase.CreateOrSkip(DatabaseProvider.PostgreSql);
        await MigratedAsync(database);
        // PostgreSQL's own statements, straight to the server (see above).
        await using var writer = await database.OpenAsync();
        await using var counter = await database.OpenAsync();
        // Only this test counts the table: autovacuum's own round could otherwise count it between the commit and the plan.
        await counter.ExecuteAsync("ALTER TABLE alerts SET (autovacuum_enabled = off)");
        var unit = await writer.ExecuteScalarAsync<long>(
            "INSERT INTO units (name, kind, created_at, updated_at) VALUES ('统计单位', 'township', @Now, @Now) RETURNING id", new { Now });
        await using (var transaction = await writer.BeginTransactionAsync())
        {
            await writer.ExecuteAsync("""
                INSERT INTO alerts (rule_code, subject_type, subject_id, level, status, since, opened_at, unit_id, updated_at)
                SELECT 'signedNotStarted', 'project', n, 'red', 'open', @Today, @Now, @unit, @Now FROM generate_series(1, 5000) n
                """, new { Today = DateOnly.FromDateTime(Now), Now, unit }, transaction);
            await counter.ExecuteAsync("ANALYZE alerts");
            await transaction.CommitAsync();
        }

        Task<double> PlannedRowsAsync() => EstimatedRowsAsync(counter, null, "SELECT * FROM alerts WHERE status <> 'resolved'", null);

        var before = await PlannedRowsAsync();
        await counter.ExecuteAsync(SqlDialects.For(DatabaseProvider.PostgreSql).RefreshStatistics("alerts")!);
        var after = await PlannedRowsAsync();

        Assert.True(before < 100, $"statistics counted during the write should promise few rows, not {before}");
        Assert.InRange(after, 4000, 6000);
    }

    private static async Task<double> EstimatedRowsAsync(DbConnection connection, DbTransaction? transaction, string select, object? args)
    {
        var plan = await connection.ExecuteScalarAsync<string>($"EXPLAIN (FORMAT JSON) {select}", args, transaction);
        return System.Text.Json.JsonDocument.Parse(plan!).RootElement[0].GetProperty("Plan").GetProperty("Plan Rows").GetDouble();
    }

    private static async Task<Db> MigratedAsync(TestDatabase database)
    {
        // The app's Dapper conventions (UTC instants), as a host sets them up; these tests may run before any host starts.
        DapperSetup.Configure();
        new Migrator(database.Settings, NullLogger<Migrator>.Instance).Migrate();
        var db = new Db(database.Settings, SqlDialects.For(database.Provider), [new TSqlParseCheck()]);
        await using var session = await db.BeginAsync();
        await session.ExecuteAsync(d => $"""
            INSERT INTO users (user_name, display_name, password_hash, security_stamp, is_active, failed_sign_ins, version, created_at, updated_at)
            VALUES ('seed', 'seed', 'x', 'x', {d.True}, 0, 1, @Now, @Now)
            """, new { Now });
        await session.CommitAsync();
        return db;
    }

    private static CreateProject Project(long unit, decimal investment, decimal area) =>
        new("项目", null, "C39", investment, null, LandMode.NewLand, area, null, null, unit, null, null, [], false, null);

    private sealed class Sums
    {
        public long Investment { get; init; }

        public long Area { get; init; }
    }
}
