using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Api.Data;
using Pipeline.Api.Features.Demo;
using Pipeline.Api.Tests.Infrastructure;
using Pipeline.Domain.Companies;

namespace Pipeline.Api.Tests.Features.Demo;

/// <summary>The benchmark data generator: realistic, deterministic, and only on an empty database.</summary>
public class ScaleDataTests
{
    private const int Projects = 400;

    [Fact]
    public async Task Seed_EmptyDatabase_EveryStageWithHistoryTripsLeadsReviewsAndAlerts()
    {
        await using var factory = new PipelineFactory();

        var summary = await SeedAsync(factory, seed: 7);

        await using var db = await factory.Database.OpenAsync();
        var stages = (await db.QueryAsync<string>("SELECT DISTINCT stage FROM projects")).Order().ToList();
        var historyPerProject = await db.ExecuteScalarAsync<double>(
            "SELECT (SELECT COUNT(*) FROM project_stage_history) + (SELECT COUNT(*) FROM project_agreements) + (SELECT COUNT(*) FROM project_activities)") / Projects;
        var codes = await db.QueryAsync<string>("SELECT credit_code FROM companies WHERE credit_code IS NOT NULL");
        var signedWithoutHistory = await db.ExecuteScalarAsync<long>("""
            SELECT COUNT(*) FROM projects p
            WHERE p.signed_on IS NOT NULL AND NOT EXISTS (SELECT 1 FROM project_stage_history h WHERE h.project_id = p.id AND h.to_stage = 'signed' AND h.on_date = p.signed_on)
            """);
        Assert.Equal(Projects, summary.Projects);
        Assert.Equal(["dropped", "groundbreaking", "landSupply", "preReview", "production", "signed", "talks"], stages);
        Assert.InRange(historyPerProject, 8, 12);
        Assert.All(codes, code => Assert.True(CreditCode.IsValid(code), code));
        Assert.Equal(0, signedWithoutHistory);
        Assert.True(summary.Trips > 0 && summary.Leads > 0 && summary.Reviews > 0);
        Assert.True(summary.Alerts > 0, "stalled signed projects raise alerts");
        Assert.Equal(summary.Alerts, await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM alerts"));
    }

    [Fact]
    public async Task Seed_SameSeedTwice_SameData()
    {
        await using var first = new PipelineFactory();
        await using var second = new PipelineFactory();

        await SeedAsync(first, seed: 42);
        await SeedAsync(second, seed: 42);

        Assert.Equal(await FingerprintAsync(first), await FingerprintAsync(second));
    }

    [Fact]
    public async Task Seed_DatabaseWithProjects_RefusesAndAddsNothing()
    {
        await using var factory = new PipelineFactory();
        var api = new TestApi(factory);
        await api.CreateProjectAsync((await api.CreateUnitAsync()).Id);

        var problem = await Assert.ThrowsAsync<ConfigurationProblem>(() => SeedAsync(factory, seed: 1));

        Assert.Contains("empty database", problem.Message);
        await using var db = await factory.Database.OpenAsync();
        Assert.Equal(1, await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM projects"));
    }

    private static async Task<ScaleData.Summary> SeedAsync(PipelineFactory factory, int seed)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ScaleData>().SeedAsync(Projects, seed, TestContext.Current.CancellationToken);
    }

    private static async Task<string> FingerprintAsync(PipelineFactory factory)
    {
        await using var db = await factory.Database.OpenAsync();
        var rows = await db.QueryAsync<string>("""
            SELECT CONCAT(p.name, '|', p.stage, '|', p.talks_started_on, '|', p.signed_on, '|', p.total_investment, '|', c.credit_code, '|',
                          (SELECT COUNT(*) FROM project_activities a WHERE a.project_id = p.id))
            FROM projects p LEFT JOIN companies c ON c.id = p.company_id ORDER BY p.id
            """);
        return string.Join('\n', rows);
    }
}
