using System.Net;
using System.Net.Http.Json;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Api.Data;
using Pipeline.Api.Features.Audit;
using Pipeline.Api.Features.Projects;
using Pipeline.Api.Features.Reports;
using Pipeline.Api.Hosting;
using Pipeline.Api.Tests.Infrastructure;
using Pipeline.Domain.Projects;

namespace Pipeline.Api.Tests.Deployment;

public class DatabaseSettingsTests
{
    [Theory]
    [InlineData("Server=db;Database=Pipeline;Encrypt=False", "Encrypt=False")]
    [InlineData("Server=db;Database=Pipeline;TrustServerCertificate=True", "TrustServerCertificate=True")]
    public void SqlServerWarnings_WeakTransportSecurity_WarnsNamingTheSetting(string connectionString, string setting) =>
        Assert.Contains(setting, Assert.Single(DatabaseSettings.SqlServerWarnings(connectionString)));

    [Fact]
    public void SqlServerWarnings_EncryptedWithVerifiedCertificate_NoWarning() =>
        Assert.Empty(DatabaseSettings.SqlServerWarnings("Server=db;Database=Pipeline;Encrypt=True"));

    [Fact]
    public void SqlServerProblem_InvariantGlobalization_RefusesNamingTheFix()
    {
        Assert.Contains("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", DatabaseSettings.SqlServerProblem(invariantGlobalization: true));
        Assert.Null(DatabaseSettings.SqlServerProblem(invariantGlobalization: false));
    }

    [Fact]
    public void GlobalizationIsInvariant_TestHostWithIcu_False() => Assert.False(DatabaseSettings.GlobalizationIsInvariant());

    [Fact]
    public void From_SqlServerWithReadOnlyConnection_ReportsUseTheSecondaryAndWarningsAreKept()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
        [
            new("Database:Provider", "SqlServer"),
            new("ConnectionStrings:Pipeline", "Server=primary;Database=Pipeline;TrustServerCertificate=True"),
            new("ConnectionStrings:PipelineReadOnly", "Server=primary;Database=Pipeline;ApplicationIntent=ReadOnly"),
        ]).Build();

        var settings = DatabaseSettings.From(configuration, Path.GetTempPath());

        Assert.Contains("ApplicationIntent=ReadOnly", settings.ReadOnlyConnectionString);
        Assert.False(settings.MigrateOnStart);
        Assert.Single(settings.Warnings);
    }

    [Theory]
    [InlineData(DatabaseProvider.SqlServer, "BACKUP DATABASE")]
    [InlineData(DatabaseProvider.PostgreSql, "pg_dump")]
    public void Backup_ServerDatabase_PointsToTheServersOwnTool(DatabaseProvider provider, string tool) =>
        Assert.Contains(tool, Assert.Throws<ConfigurationProblem>(() =>
            DatabaseBackup.Write(new DatabaseSettings(provider, "Server=db;Database=Pipeline", false, 5000), "copy.bak")).Message);

    [Fact]
    public void From_NoReadOnlyConnection_ReportsUseThePrimary()
    {
        var settings = DatabaseSettings.From(new ConfigurationBuilder().Build(), Path.Combine(Path.GetTempPath(), "pipeline-tests", Guid.NewGuid().ToString("N")));

        Assert.Equal(settings.ConnectionString, settings.ReadOnlyConnectionString);
    }
}

/// <summary>Reports and exports read <c>ConnectionStrings:PipelineReadOnly</c>: here a snapshot file, so what they see proves where they read.</summary>
public class ReadReplicaTests(ReadReplicaTests.Factory factory) : IClassFixture<ReadReplicaTests.Factory>
{
    public sealed class Factory : PipelineFactory
    {
        public string ReplicaPath => Path.Combine(Database.Directory, "replica.db");

        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("ConnectionStrings:PipelineReadOnly", $"Data Source={ReplicaPath}")];
    }

    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task Reports_ReadOnlyConnectionConfigured_ReadTheSecondaryWhileListsReadThePrimary()
    {
        if (factory.Database.Provider != DatabaseProvider.Sqlite)
        {
            Assert.Skip("A file snapshot stands in for the replica on SQLite; on a server database the secondary is the server's own.");
        }

        var unit = await _api.CreateUnitAsync();
        await _api.CreateProjectAsync(unit.Id);
        var settings = factory.Services.GetRequiredService<DatabaseSettings>();
        DatabaseBackup.Write(settings, factory.ReplicaPath);
        await _api.CreateProjectAsync(unit.Id);
        var admin = await _api.AdminAsync();

        var list = await admin.GetFromJsonAsync<Paged<ProjectSummary>>($"/api/projects?unitId={unit.Id}", HttpAssertions.Json);
        var funnel = await admin.GetFromJsonAsync<FunnelReport.Result>($"/api/reports/funnel?unitId={unit.Id}", HttpAssertions.Json);

        Assert.Equal(2, list!.Total);
        Assert.Equal(1, funnel!.Stages.Single(s => s.Stage == FunnelStep.Talks).Current);
    }
}

public class BackupTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task Write_RunningDatabase_ConsistentCopyWithEveryRow()
    {
        if (factory.Database.Provider != DatabaseProvider.Sqlite)
        {
            Assert.Skip("Server databases are backed up with their own tools (BACKUP DATABASE, pg_dump).");
        }

        var unit = await _api.CreateUnitAsync();
        var project = await _api.CreateProjectAsync(unit.Id);
        var target = Path.Combine(factory.Database.Directory, "backups", "copy.db");

        var size = DatabaseBackup.Write(factory.Services.GetRequiredService<DatabaseSettings>(), target);

        Assert.True(size > 0);
        await using var copy = new SqliteConnection($"Data Source={target};Mode=ReadOnly;Pooling=False");
        await copy.OpenAsync();
        await using var command = copy.CreateCommand();
        command.CommandText = $"SELECT name FROM projects WHERE id = {project.Id}";
        Assert.Equal(project.Name, await command.ExecuteScalarAsync());
    }

    [Fact]
    public void Write_TargetExists_RefusesAndKeepsTheFile()
    {
        if (factory.Database.Provider != DatabaseProvider.Sqlite)
        {
            Assert.Skip("Server databases are backed up with their own tools (BACKUP DATABASE, pg_dump).");
        }

        var target = Path.Combine(factory.Database.Directory, "existing.db");
        File.WriteAllText(target, "keep me");

        var problem = Assert.Throws<ConfigurationProblem>(() => DatabaseBackup.Write(factory.Services.GetRequiredService<DatabaseSettings>(), target));

        Assert.Contains("exists", problem.Message);
        Assert.Equal("keep me", File.ReadAllText(target));
    }
}

/// <summary>
/// The app behind a proxy: every request arrives from the proxy at 10.0.0.5 (or the address in X-Test-Peer), with the
/// client's address in X-Forwarded-For, as nginx sends it.
/// </summary>
public class ForwardedHeadersTests(ForwardedHeadersTests.Factory factory) : IClassFixture<ForwardedHeadersTests.Factory>
{
    /// <summary>Sign-ins per client address per minute: enough for the sign-ins the tests make through the proxy itself.</summary>
    private const int TokenLimit = 10;

    public sealed class Factory : PipelineFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [
            new("Pipeline:Proxy:KnownNetworks", "10.0.0.0/24"),
            new("Pipeline:Auth:TokenRequestsPerWindow", TokenLimit.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Pipeline:Auth:TokenRequestWindowSeconds", "60"),
        ];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new BeforeTheApp((context, rest) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(context.Request.Headers["X-Test-Peer"] is { Count: > 0 } peer ? peer.ToString() : "10.0.0.5");
                return rest(context);
            })));
        }
    }

    private readonly TestApi _api = new(factory);

    [Theory]
    [InlineData("10.0.0.5", "203.0.113.7")]
    [InlineData("192.0.2.9", "192.0.2.9")]
    public async Task SignIn_ForwardedForHeader_AuditHasClientAddressOnlyFromAKnownProxy(string peer, string audited)
    {
        var user = await _api.CreateUserAsync(null, "leader");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/token") { Content = JsonContent.Create(new { userName = user.UserName, password = user.Password }) };
        request.Headers.Add("X-Test-Peer", peer);
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");

        await (await _api.Anonymous().SendAsync(request)).Expect(HttpStatusCode.OK);

        var audit = await (await _api.AuditorAsync()).GetFromJsonAsync<Paged<AuditRecord>>(
            $"/api/audit?action=signIn&entityId={user.Id}", HttpAssertions.Json);
        Assert.Equal(audited, audit!.Items[0].ClientIp);
    }

    [Fact]
    public async Task Token_FiveFailuresFromOneClient_AccountLockedForThatClientOnly()
    {
        var user = await _api.CreateUserAsync(null, "leader");
        HttpRequestMessage From(string client, string password)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/token") { Content = JsonContent.Create(new { userName = user.UserName, password }) };
            request.Headers.Add("X-Forwarded-For", client);
            return request;
        }

        for (var i = 0; i < 5; i++)
        {
            await (await _api.Anonymous().SendAsync(From("203.0.113.66", "Wrong-Pass-1"))).Expect(HttpStatusCode.Unauthorized);
        }

        await (await _api.Anonymous().SendAsync(From("203.0.113.66", user.Password))).Expect(HttpStatusCode.Unauthorized);
        await (await _api.Anonymous().SendAsync(From("203.0.113.67", user.Password))).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Token_OneClientOverTheLimit_OtherClientsBehindTheSameProxyStillSignIn()
    {
        async Task<HttpResponseMessage> TryFrom(string client)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/token") { Content = JsonContent.Create(new { userName = "nobody", password = "Wrong-Pass-1" }) };
            request.Headers.Add("X-Forwarded-For", client);
            return await _api.Anonymous().SendAsync(request);
        }

        for (var i = 0; i < TokenLimit; i++)
        {
            await (await TryFrom("198.51.100.1")).Expect(HttpStatusCode.Unauthorized);
        }

        await (await TryFrom("198.51.100.1")).Problem(HttpStatusCode.TooManyRequests);
        await (await TryFrom("198.51.100.2")).Expect(HttpStatusCode.Unauthorized);
    }
}

/// <summary>The production commands as an operator runs them: the built app as a process, configured by environment.</summary>
public class ProductionCommandsTests
{
    [Fact]
    public async Task Start_UnmigratedDatabase_RefusesNamingMigrateWhichThenMakesItStart()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = TestDatabase.Create(TestDatabase.DefaultProvider);
        var settings = Settings(database);

        var refused = await AppProcess.RunAsync(settings, [], ct);
        var migrated = await AppProcess.RunAsync(settings, ["migrate"], ct);
        await using var app = await AppProcess.StartAsync(settings, ct);
        var signIn = await app.Client().PostAsJsonAsync("/api/auth/token", new { userName = "admin", password = PipelineFactory.AdminPassword }, ct);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("Run the migrate command first", refused.Output);
        Assert.True(migrated.ExitCode == 0, migrated.Output);
        Assert.Contains("up to date", migrated.Output);
        await signIn.Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Start_TwoInstancesOnAFreshPostgreSqlDatabase_BothMigrateAtStartOneAfterTheOther()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = TestDatabase.CreateOrSkip(DatabaseProvider.PostgreSql);
        var settings = new Dictionary<string, string>(Settings(database)) { ["Database:MigrateOnStart"] = "true" };

        var instances = await Task.WhenAll(AppProcess.StartAsync(settings, ct), AppProcess.StartAsync(settings, ct));
        await using var a = instances[0];
        await using var b = instances[1];

        await using var connection = await database.OpenAsync();
        Assert.Equal(Migrator.Scripts(DatabaseProvider.PostgreSql).Count, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schemaversions"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users"));
        foreach (var app in instances)
        {
            await (await app.Client().PostAsJsonAsync("/api/auth/token", new { userName = "admin", password = PipelineFactory.AdminPassword }, ct))
                .Expect(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task Backup_RunningSqliteDatabase_WritesACopyTheAppCanStartOn()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        var settings = Settings(database);
        await AppProcess.RunAsync(settings, ["migrate"], ct);
        await using var app = await AppProcess.StartAsync(settings, ct);
        var target = Path.Combine(database.Directory, "backup", "pipeline-copy.db");

        var backup = await AppProcess.RunAsync(settings, ["backup", target], ct);

        Assert.True(backup.ExitCode == 0, backup.Output);
        var restored = new Dictionary<string, string>(settings) { ["ConnectionStrings:Pipeline"] = $"Data Source={target}" };
        await using var onCopy = await AppProcess.StartAsync(restored, ct);
        var signIn = await onCopy.Client().PostAsJsonAsync("/api/auth/token", new { userName = "admin", password = PipelineFactory.AdminPassword }, ct);
        await signIn.Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Start_SqlServerWithoutIcu_RefusesNamingTheFix()
    {
        var settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = "SqlServer",
            ["ConnectionStrings:Pipeline"] = "Server=127.0.0.1,1;Database=Pipeline;Encrypt=True",
            ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1",
        };

        var refused = await AppProcess.RunAsync(settings, [], TestContext.Current.CancellationToken);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("needs ICU", refused.Output);
    }

    private static Dictionary<string, string> Settings(TestDatabase database) => new()
    {
        ["Database:Provider"] = database.Provider.ToString(),
        ["ConnectionStrings:Pipeline"] = database.ConnectionString,
        ["Database:MigrateOnStart"] = "false",
        ["Pipeline:DataDirectory"] = database.Directory,
        ["Pipeline:Auth:SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        ["Pipeline:Bootstrap:AdminPassword"] = PipelineFactory.AdminPassword,
        ["Pipeline:Jobs:Server"] = "false",
    };
}
