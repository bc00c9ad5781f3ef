using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Api.Data;
using Pipeline.Api.Tests.Features.Alerts;
using Pipeline.Api.Tests.Infrastructure;

namespace Pipeline.Api.Tests.Data;

/// <summary>
/// Dapper compiles a row reader per statement and re-compiles it whenever the first row's column types differ from
/// the last time. SQLite reports a NULL expression column (an aggregate, a sub-select) as a blob and the same column
/// with a value as text or integer, so a statement whose optional expression columns are sometimes NULL is compiled
/// again on many requests; that JIT work also keeps the runtime from optimising the rest of the app.
/// </summary>
public partial class ColumnTypeTests
{
    /// <summary>The read statements the app ran, rendered for the test's provider, with their arguments.</summary>
    private sealed class StatementLog(ISqlDialect dialect) : ISqlObserver
    {
        public ConcurrentQueue<(string Sql, object? Args)> Reads { get; } = new();

        public void Observe(SqlText sql, object? args)
        {
            var text = sql(dialect);
            if (ReadOnly().IsMatch(text) && !Writes().IsMatch(text))
            {
                Reads.Enqueue((text, args));
            }
        }
    }

    private sealed class LoggingFactory : PipelineFactory
    {
        public StatementLog Log { get; private set; } = null!;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            Log = new StatementLog(SqlDialects.For(Database.Provider));
            builder.ConfigureServices(services => services.AddSingleton<ISqlObserver>(Log));
        }
    }

    [Fact]
    public async Task Reads_RowsWithAndWithoutOptionalValues_SameColumnTypes()
    {
        await using var factory = new LoggingFactory();
        var api = new TestApi(factory);
        var admin = await api.AdminAsync();
        var (unit, person) = await new AlertSubjects(api, factory.Today).OwnersAsync();
        var idle = await api.CreateUnitAsync();
        var member = await api.CreateUserAsync(unit, "staff");
        var signed = await ProjectPath.WalkAsync(api, unit, person, "newLand", factory.Today.AddDays(-60), 5000m,
            ("preReview", factory.Today.AddDays(-50)), ("signed", factory.Today.AddDays(-40)));
        await (await TestApi.SendAsync(admin, HttpMethod.Patch, $"/api/projects/{signed.Id}", new { teamMemberIds = new[] { member.Id } }, signed.Version))
            .Expect(HttpStatusCode.OK);
        var bare = await api.CreateProjectAsync(idle.Id);

        foreach (var path in new[]
        {
            $"/api/projects/{signed.Id}", $"/api/projects/{bare.Id}",
            $"/api/projects?unitId={unit}", $"/api/projects?unitId={idle.Id}",
            $"/api/users/{member.Id}", "/api/users/1",
            $"/api/reports/signed-not-started?unitId={unit}", $"/api/reports/signed-not-started?unitId={idle.Id}",
        })
        {
            await (await admin.GetAsync(path)).Expect(HttpStatusCode.OK);
        }

        await using var connection = await factory.Database.OpenAsync();
        var differing = new List<string>();
        foreach (var statement in factory.Log.Reads.GroupBy(r => r.Sql).Where(g => g.Count() > 1))
        {
            var shapes = new List<(int Set, string Types)>();
            foreach (var (sql, args) in statement)
            {
                shapes.AddRange(await FirstRowTypesAsync(connection, sql, args));
            }

            differing.AddRange(shapes.GroupBy(s => s.Set).Where(set => set.Select(s => s.Types).Distinct().Count() > 1)
                .Select(set => $"{statement.Key}\n  {string.Join("\n  ", set.Select(s => s.Types).Distinct())}"));
        }

        Assert.True(factory.Log.Reads.Any(r => r.Sql.Contains("AS TeamIds", StringComparison.Ordinal)), "The project read was not observed.");
        Assert.True(differing.Count == 0, "Column types differ between runs of:\n" + string.Join("\n\n", differing));
    }

    /// <summary>Each result set's first-row column types, as Dapper sees them; empty result sets are left out.</summary>
    private static async Task<List<(int Set, string Types)>> FirstRowTypesAsync(System.Data.Common.DbConnection connection, string sql, object? args)
    {
        await using var reader = await connection.ExecuteReaderAsync(sql, args);
        var sets = new List<(int, string)>();
        var set = 0;
        do
        {
            if (await reader.ReadAsync())
            {
                sets.Add((set, string.Join(", ", Enumerable.Range(0, reader.FieldCount).Select(i => $"{reader.GetName(i)}: {reader.GetFieldType(i).Name}"))));
            }

            set++;
        }
        while (await reader.NextResultAsync());

        return sets;
    }

    [GeneratedRegex(@"^\s*SELECT\b", RegexOptions.IgnoreCase)]
    private static partial Regex ReadOnly();

    [GeneratedRegex(@"\b(INSERT|UPDATE|DELETE|MERGE)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Writes();
}
