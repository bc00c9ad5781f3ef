using System.Net;
using System.Net.Http.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Api.Data;
using Pipeline.Api.Features.Projects;
using Pipeline.Api.Features.Reviews;
using Pipeline.Api.Tests.Features.Reviews;
using Pipeline.Api.Tests.Infrastructure;
using Pipeline.Domain.Projects;

namespace Pipeline.Api.Tests.Features.Projects;

/// <summary>Every stage change goes through one operation, which never leaves a history row for a move that did not happen.</summary>
public class ProjectMovesTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task ApplyAsync_ProjectChangedSinceRead_WritesNothing()
    {
        var unit = await _api.CreateUnitAsync();
        var project = await _api.CreateProjectAsync(unit.Id);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Db>();
        ProjectRow asRead;
        await using (var read = await db.OpenAsync())
        {
            asRead = (await ProjectStore.FindUnscopedAsync(read, project.Id))!;
        }

        await (await TestApi.PatchAsync(await _api.AdminAsync(), $"/api/projects/{project.Id}", new { isKey = true }, project.Version)).Expect(HttpStatusCode.OK);
        bool moved;
        await using (var session = await db.BeginAsync())
        {
            moved = await scope.ServiceProvider.GetRequiredService<ProjectMoves>()
                .ApplyAsync(session, StageChange.Of(asRead, Stage.PreReview, factory.Today, null, "stale"), factory.Clock.GetUtcNow().UtcDateTime);
            await session.CommitAsync();
        }

        var history = await (await _api.AdminAsync()).GetFromJsonAsync<List<HistoryEntry>>($"/api/projects/{project.Id}/history", HttpAssertions.Json);
        var now = await (await _api.AdminAsync()).GetFromJsonAsync<ProjectDto>($"/api/projects/{project.Id}", HttpAssertions.Json);
        Assert.False(moved);
        Assert.Equal([Stage.Talks], history!.Select(h => h.To));
        Assert.Equal(Stage.Talks, now!.Stage);
    }

    [Fact]
    public async Task Decide_AtTheSameTimeAsATransition_HistoryStaysOneUnbrokenChain()
    {
        var admin = await _api.AdminAsync();
        var races = new List<(ProjectDto Project, ReviewDto Review)>();
        for (var i = 0; i < 6; i++)
        {
            var (project, staff) = await ReviewGate.ProjectInReviewAsync(_api, LandMode.ExistingBuilding);
            var review = await (await staff.Client.PostAsJsonAsync($"/api/projects/{project.Id}/reviews", ReviewTests.GoodFigures())).As<ReviewDto>(HttpStatusCode.Created);
            for (var m = 0; m < 3; m++)
            {
                var member = await _api.CreateUserAsync(null, "committee");
                await (await ReviewTests.Api.PutScoresAsync(member, review.Id, ReviewTests.Scores(0.3m), "reject")).Expect(HttpStatusCode.OK);
            }

            races.Add(((await admin.GetFromJsonAsync<ProjectDto>($"/api/projects/{project.Id}", HttpAssertions.Json))!, review));
        }

        await Task.WhenAll(races.SelectMany(r => new[]
        {
            admin.PostAsJsonAsync($"/api/reviews/{r.Review.Id}/decision", new { dropOnReject = true }),
            TestApi.TransitionAsync(admin, r.Project, new { to = "signed", contractAmount = 1000m }),
        }));

        await using var connection = await factory.Database.OpenAsync();
        foreach (var (project, _) in races)
        {
            var history = (await connection.QueryAsync<(string? From, string To)>(
                "SELECT from_stage, to_stage FROM project_stage_history WHERE project_id = @Id ORDER BY id", new { project.Id })).ToList();
            var stage = await connection.ExecuteScalarAsync<string>("SELECT stage FROM projects WHERE id = @Id", new { project.Id });
            for (var i = 1; i < history.Count; i++)
            {
                Assert.True(history[i].From == history[i - 1].To, $"Project {project.Id}: {string.Join(" → ", history.Select(h => $"{h.From}>{h.To}"))}");
            }

            Assert.Equal(stage, history[^1].To);
        }
    }
}
