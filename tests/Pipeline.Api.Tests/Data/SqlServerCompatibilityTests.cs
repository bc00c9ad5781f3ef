using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Pipeline.Api.Data;
using Pipeline.Api.Tests.Infrastructure;

namespace Pipeline.Api.Tests.Data;

/// <summary>
/// SQL Server support checked without a server: every script parses, and the SQLite and PostgreSQL schemas have the same tables
/// and columns as the SQL Server scripts create.
/// </summary>
public class SqlServerCompatibilityTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    public static TheoryData<string> SqlServerScripts() => new(Migrator.Scripts(DatabaseProvider.SqlServer).Select(s => s.Name));

    [Theory]
    [MemberData(nameof(SqlServerScripts))]
    public void SqlServerScript_ParsesWithTSql160(string name)
    {
        var script = Migrator.Scripts(DatabaseProvider.SqlServer).Single(s => s.Name == name);

        Assert.Null(TSqlParseCheck.Problem(script.Contents));
    }

    [Fact]
    public void Scripts_AllProviders_SameNamesEachWithADescription()
    {
        var sqlite = Migrator.Scripts(DatabaseProvider.Sqlite);
        var sqlServer = Migrator.Scripts(DatabaseProvider.SqlServer);
        var postgreSql = Migrator.Scripts(DatabaseProvider.PostgreSql);
        var all = sqlite.Concat(sqlServer).Concat(postgreSql).ToList();

        Assert.Equal(sqlite.Select(s => s.Name), sqlServer.Select(s => s.Name));
        Assert.Equal(sqlite.Select(s => s.Name), postgreSql.Select(s => s.Name));
        Assert.All(all, s => Assert.Matches(@"^\d{4}_[a-z0-9_]+\.sql$", s.Name));
        Assert.All(all, s => Assert.StartsWith("-- ", s.Contents));
    }

    public static TheoryData<DatabaseProvider> MigratedProviders => [DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql];

    [Theory]
    [MemberData(nameof(MigratedProviders))]
    public async Task Schemas_MigratedProviderAgainstSqlServerScripts_SameTablesAndColumns(DatabaseProvider provider)
    {
        await using var database = TestDatabase.CreateOrSkip(provider);
        new Migrator(database.Settings, NullLogger<Migrator>.Instance).Migrate();

        var migrated = provider == DatabaseProvider.Sqlite
            ? await SqliteSchemaAsync(database.ConnectionString)
            : await PostgreSqlSchemaAsync(database.ConnectionString);
        Assert.Equal(Describe(SqlServerSchema()), Describe(migrated));
    }

    [Fact]
    public async Task EveryStatement_RenderedForSqlServer_IsParseChecked()
    {
        var api = new TestApi(factory);
        var unit = await api.CreateUnitAsync();
        await (await api.AdminAsync()).GetAsync($"/api/projects?unitId={unit.Id}&page=2");

        Assert.Contains(TSqlParseCheck.Checked, sql => sql.Contains("OFFSET @Skip ROWS FETCH NEXT @Take ROWS ONLY", StringComparison.Ordinal));
        Assert.Contains(TSqlParseCheck.Checked, sql => sql.Contains("SCOPE_IDENTITY()", StringComparison.Ordinal));
        Assert.DoesNotContain(TSqlParseCheck.Checked, sql => sql.Contains("LIMIT @Take", StringComparison.Ordinal));
    }

    [Fact]
    public void ParseCheck_SqliteOnlySyntax_Refused()
    {
        Assert.NotNull(TSqlParseCheck.Problem("SELECT id FROM projects ORDER BY id LIMIT 5"));
        Assert.Null(TSqlParseCheck.Problem("SELECT id FROM projects WHERE id IN @Ids"));
    }

    private static string Describe(Dictionary<string, SortedSet<string>> schema) =>
        string.Join("\n", schema.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}: {string.Join(", ", t.Value)}"));

    private static Dictionary<string, SortedSet<string>> SqlServerSchema()
    {
        var schema = new Dictionary<string, SortedSet<string>>();
        foreach (var script in Migrator.Scripts(DatabaseProvider.SqlServer))
        {
            var tree = new TSql160Parser(true).Parse(new StringReader(script.Contents), out _);
            tree.Accept(new SchemaCollector(schema));
        }

        return schema;
    }

    private static async Task<Dictionary<string, SortedSet<string>>> SqliteSchemaAsync(string connectionString)
    {
        await using var connection = new SqliteConnection(connectionString);
        var columns = await connection.QueryAsync<(string Table, string Column)>("""
            SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
            WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'SchemaVersions'
            """);
        return columns.GroupBy(c => c.Table).ToDictionary(g => g.Key, g => new SortedSet<string>(g.Select(c => c.Column), StringComparer.Ordinal));
    }

    /// <summary>Our tables in the public schema; Hangfire's live in its own and DbUp's journal is left out as on SQLite.</summary>
    private static async Task<Dictionary<string, SortedSet<string>>> PostgreSqlSchemaAsync(string connectionString)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        var columns = await connection.QueryAsync<(string Table, string Column)>("""
            SELECT c.table_name, c.column_name FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.table_name <> 'schemaversions'
            """);
        return columns.GroupBy(c => c.Table).ToDictionary(g => g.Key, g => new SortedSet<string>(g.Select(c => c.Column), StringComparer.Ordinal));
    }

    private sealed class SchemaCollector(Dictionary<string, SortedSet<string>> schema) : TSqlFragmentVisitor
    {
        public override void Visit(CreateTableStatement node) =>
            Columns(node.SchemaObjectName).UnionWith(node.Definition.ColumnDefinitions.Select(c => c.ColumnIdentifier.Value));

        public override void Visit(AlterTableAddTableElementStatement node) =>
            Columns(node.SchemaObjectName).UnionWith(node.Definition.ColumnDefinitions.Select(c => c.ColumnIdentifier.Value));

        public override void Visit(AlterTableDropTableElementStatement node)
        {
            foreach (var element in node.AlterTableDropTableElements.Where(e => e.TableElementType == TableElementType.Column))
            {
                Columns(node.SchemaObjectName).Remove(element.Name.Value);
            }
        }

        private SortedSet<string> Columns(SchemaObjectName name)
        {
            var table = name.BaseIdentifier.Value;
            if (!schema.TryGetValue(table, out var columns))
            {
                schema[table] = columns = new SortedSet<string>(StringComparer.Ordinal);
            }

            return columns;
        }
    }
}
