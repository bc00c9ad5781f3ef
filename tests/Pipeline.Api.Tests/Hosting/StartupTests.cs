using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Api.Data;
using Pipeline.Api.Features.Demo;
using Pipeline.Api.Features.Projects;
using Pipeline.Api.Hosting;
using Pipeline.Api.Tests.Infrastructure;
using Pipeline.Domain.Companies;
using Pipeline.Domain.Projects;

namespace Pipeline.Api.Tests.Hosting;

public class StartupTests
{
    [Theory]
    [InlineData("Oracle")]
    [InlineData("1")]
    public void DatabaseSettings_UnknownProvider_StopsWithClearMessage(string provider)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Database:Provider", provider)]).Build();

        var problem = Assert.Throws<ConfigurationProblem>(() => DatabaseSettings.From(configuration, Path.GetTempPath()));

        Assert.Contains($"'{provider}'", problem.Message);
        Assert.Contains("'Sqlite'", problem.Message);
        Assert.Contains("'SqlServer'", problem.Message);
        Assert.Contains("'PostgreSql'", problem.Message);
    }

    [Theory]
    [InlineData("SqlServer")]
    [InlineData("PostgreSql")]
    public void DatabaseSettings_ServerWithoutConnectionString_StopsWithClearMessage(string provider)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Database:Provider", provider)]).Build();

        Assert.Contains("ConnectionStrings:Pipeline", Assert.Throws<ConfigurationProblem>(() => DatabaseSettings.From(configuration, Path.GetTempPath())).Message);
    }

    [Fact]
    public void DatabaseSettings_PostgreSql_MigratesAtStartUnlessTurnedOff()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
        [
            new("Database:Provider", "postgresql"),
            new("ConnectionStrings:Pipeline", "Host=db;Database=pipeline;Username=pipeline"),
        ]).Build();

        var settings = DatabaseSettings.From(configuration, Path.GetTempPath());

        Assert.Equal(DatabaseProvider.PostgreSql, settings.Provider);
        Assert.True(settings.MigrateOnStart);
        Assert.Equal(settings.ConnectionString, settings.ReadOnlyConnectionString);
    }

    [Theory]
    [InlineData(new[] { "migrate" }, "migrate", false, new string[0])]
    [InlineData(new[] { "backup", "/var/backups/pipeline.db", "--urls", "http://x" }, "backup", false, new[] { "--urls", "http://x" })]
    [InlineData(new[] { "--demo", "--urls", "http://x" }, null, true, new[] { "--urls", "http://x" })]
    [InlineData(new[] { "--urls", "http://x" }, null, false, new[] { "--urls", "http://x" })]
    public void StartupCommand_Arguments_SplitIntoCommandAndHostArguments(string[] args, string? name, bool demo, string[] hostArgs)
    {
        var command = StartupCommand.Parse(args);

        Assert.Equal(name, command.Name);
        Assert.Equal(demo, command.Demo);
        Assert.Equal(hostArgs, command.HostArgs);
    }

    [Fact]
    public void StartupCommand_BackupWithFile_KeepsTheTarget() =>
        Assert.Equal("copy.db", StartupCommand.Parse(["backup", "copy.db"]).Target);

    [Fact]
    public void StartupCommand_SeedWithSizeAndSeed_TakesBothAndLeavesHostArguments()
    {
        var command = StartupCommand.Parse(["seed", "--projects", "100000", "--urls", "http://x", "--seed", "7"]);

        Assert.Equal((100000, 7), command.Scale);
        Assert.Equal(["--urls", "http://x"], command.HostArgs);
    }

    [Theory]
    [InlineData(new[] { "seed" }, "seed --projects")]
    [InlineData(new[] { "seed", "--projects", "many" }, "whole number")]
    public void StartupCommand_SeedWithoutValidSize_SaysWhatToGive(string[] args, string message) =>
        Assert.Contains(message, Assert.Throws<ConfigurationProblem>(() => StartupCommand.Parse(args)).Message);

    [Fact]
    public void StartupCommand_BackupWithoutFile_AsksWhereToWrite() =>
        Assert.Contains("backup <file>", Assert.Throws<ConfigurationProblem>(() => StartupCommand.Parse(["backup"])).Message);

    [Fact]
    public void StartupCommand_UnknownCommand_StopsWithListOfCommands() =>
        Assert.Contains("migrate", Assert.Throws<ConfigurationProblem>(() => StartupCommand.Parse(["migrat"])).Message);
}

public class BootstrapPasswordTests(BootstrapPasswordTests.Factory factory) : IClassFixture<BootstrapPasswordTests.Factory>
{
    public sealed class Factory : PipelineFactory
    {
        public LogLines Log { get; } = new();

        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Pipeline:Bootstrap:AdminPassword", "")];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging => logging.AddProvider(Log));
        }
    }

    [Fact]
    public async Task FirstStart_NoPasswordConfigured_GeneratedPasswordLoggedOnceAndWorks()
    {
        _ = factory.Server;
        var lines = factory.Log.All.Select(l => l.Message).Where(l => l.Contains("generated password", StringComparison.Ordinal)).ToList();
        var password = System.Text.RegularExpressions.Regex.Match(Assert.Single(lines), "generated password (\\S+)").Groups[1].Value;

        var response = await factory.CreateClient().PostAsJsonAsync("/api/auth/token", new { userName = "admin", password });

        await response.Expect(HttpStatusCode.OK);
        Assert.Null(Domain.Accounts.PasswordPolicy.Problem(password));
    }
}

/// <summary>A host of its own: the test changes the first admin's password, which the other bootstrap test signs in with.</summary>
public class GeneratedPasswordChangeTests(BootstrapPasswordTests.Factory factory) : IClassFixture<BootstrapPasswordTests.Factory>
{
    [Fact]
    public async Task Me_GeneratedAdminPassword_MustChangeUntilChanged()
    {
        _ = factory.Server;
        var line = Assert.Single(factory.Log.All, l => l.Message.Contains("generated password", StringComparison.Ordinal)).Message;
        var password = System.Text.RegularExpressions.Regex.Match(line, "generated password (\\S+)").Groups[1].Value;
        var api = new TestApi(factory);
        var admin = await api.SignInAsync("admin", password);

        var before = await (await admin.GetAsync("/api/me")).As<Pipeline.Api.Features.Auth.AuthEndpoints.MeResponse>();
        var changed = await (await admin.PostAsJsonAsync("/api/me/password", new { currentPassword = password, newPassword = "Chosen-Admin-Pass-1" }))
            .As<Pipeline.Api.Features.Auth.TokenResponse>();
        var after = await (await api.Bearer(changed.AccessToken).GetAsync("/api/me")).As<Pipeline.Api.Features.Auth.AuthEndpoints.MeResponse>();

        Assert.True(before.MustChangePassword);
        Assert.False(after.MustChangePassword);
    }
}

public class DemoDataTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    [Fact]
    public async Task Seed_EmptyDatabase_LivingPipelineOverEveryStageAndUsersPerRole()
    {
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoData>().SeedAsync(default);
            await scope.ServiceProvider.GetRequiredService<DemoData>().SeedAsync(default);
        }

        var api = new TestApi(factory);
        var leader = await api.SignInAsync("chen.leader", DemoData.Password);
        var projects = await leader.GetFromJsonAsync<Paged<ProjectSummary>>("/api/projects?pageSize=200", HttpAssertions.Json);
        var companies = await leader.GetFromJsonAsync<Paged<Api.Features.Companies.CompanySummary>>("/api/companies?pageSize=200", HttpAssertions.Json);
        var staff = await api.SignInAsync("wang.qiang", DemoData.Password);
        var ownProjects = await staff.GetFromJsonAsync<Paged<ProjectSummary>>("/api/projects?pageSize=200", HttpAssertions.Json);
        var history = await leader.GetFromJsonAsync<List<HistoryEntry>>(
            $"/api/projects/{projects!.Items.First(p => p.Stage == Stage.Production).Id}/history", HttpAssertions.Json);

        Assert.InRange(projects.Total, 45, 60);
        Assert.Equal(Enum.GetValues<Stage>().Order(), projects.Items.Select(p => p.Stage).Distinct().Order());
        Assert.All(companies!.Items, c => Assert.True(CreditCode.IsValid(c.CreditCode!)));
        Assert.All(companies.Items, c => Assert.Contains(c.Name[..2], c.Region!, StringComparison.Ordinal));
        var admin = await api.AdminAsync();
        var alerts = await admin.GetFromJsonAsync<Paged<Api.Features.Alerts.AlertDto>>("/api/alerts?pageSize=200", HttpAssertions.Json);
        Assert.True(alerts!.Total > 0, "the demo opens with the alerts of a first scan");
        Assert.InRange(ownProjects!.Total, 1, projects.Total - 1);
        Assert.True(history!.Count >= 5, "a producing project has a history from talks to production");
        Assert.All(history.Zip(history.Skip(1)), pair => Assert.True(pair.First.On <= pair.Second.On));
        var committee = await api.SignInAsync("liu.committee", DemoData.Password);
        var open = await committee.GetFromJsonAsync<Paged<Api.Features.Reviews.ReviewSummary>>("/api/reviews?status=open", HttpAssertions.Json);
        var passed = await committee.GetFromJsonAsync<Paged<Api.Features.Reviews.ReviewSummary>>("/api/reviews?status=decided&pageSize=200", HttpAssertions.Json);
        Assert.Equal(projects.Items.Count(p => p.Stage == Stage.PreReview), open!.Total);
        Assert.All(passed!.Items.Where(r => r.Outcome == Domain.Reviews.ReviewOutcome.Passed), r => Assert.True(r.Score >= 60m));
        foreach (var user in new[] { "zhang.wei", "wu.auditor" })
        {
            await api.SignInAsync(user, DemoData.Password);
        }
    }
}
