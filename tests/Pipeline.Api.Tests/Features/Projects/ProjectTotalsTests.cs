using System.Net;
using System.Net.Http.Json;
using Pipeline.Api.Features.Projects;
using Pipeline.Api.Features.Units;
using Pipeline.Api.Hosting;
using Pipeline.Api.Tests.Infrastructure;

namespace Pipeline.Api.Tests.Features.Projects;

/// <summary>
/// List totals filtered by stage and unit come from tallies kept by database triggers; they must equal a real count
/// after every kind of change: new projects, stage moves, dropping, and a change of responsible unit.
/// </summary>
public class ProjectTotalsTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task List_AfterCreatesMovesDropsAndUnitChange_TalliedTotalsEqualCountedOnes()
    {
        var admin = await _api.AdminAsync();
        var east = await _api.CreateUnitAsync();
        var eastPark = await _api.CreateUnitAsync(kind: UnitKind.Park, parentId: east.Id);
        var west = await _api.CreateUnitAsync();
        var staff = await _api.CreateUserAsync(east.Id, "staff");
        var projects = new List<ProjectDto>();
        foreach (var unit in new[] { east.Id, east.Id, east.Id, eastPark.Id, eastPark.Id, west.Id })
        {
            projects.Add(await _api.CreateProjectAsync(unit));
        }

        await (await TestApi.TransitionAsync(admin, projects[0], new { to = "preReview" })).Expect(HttpStatusCode.OK);
        await (await TestApi.TransitionAsync(admin, projects[3], new { to = "dropped", reasonCode = "other", note = "投资方撤回" })).Expect(HttpStatusCode.OK);
        await (await TestApi.PatchAsync(admin, $"/api/projects/{projects[1].Id}", new { responsibleUnitId = west.Id }, projects[1].Version)).Expect(HttpStatusCode.OK);

        foreach (var (client, query) in new[]
        {
            (admin, $"unitId={east.Id}"), (admin, $"unitId={east.Id}&stage=talks"), (admin, $"unitId={east.Id}&stage=preReview"),
            (admin, $"unitId={eastPark.Id}&stage=dropped"), (admin, $"unitId={west.Id}"), (admin, $"unitId={west.Id}&stage=talks"),
            (staff.Client, "stage=talks"), (staff.Client, ""),
        })
        {
            var tallied = await client.GetFromJsonAsync<Paged<ProjectSummary>>($"/api/projects?pageSize=200&{query}", HttpAssertions.Json);
            // An industry filter makes the list count matching projects one by one.
            var counted = await client.GetFromJsonAsync<Paged<ProjectSummary>>($"/api/projects?pageSize=200&industryCode=C39&{query}", HttpAssertions.Json);
            Assert.True(counted!.Total == tallied!.Total && tallied.Total == tallied.Items.Count,
                $"{query}: tallied {tallied.Total}, counted {counted.Total}, listed {tallied.Items.Count}");
        }

        var eastTotal = (await admin.GetFromJsonAsync<Paged<ProjectSummary>>($"/api/projects?unitId={east.Id}", HttpAssertions.Json))!.Total;
        var westTotal = (await admin.GetFromJsonAsync<Paged<ProjectSummary>>($"/api/projects?unitId={west.Id}", HttpAssertions.Json))!.Total;
        Assert.Equal(4, eastTotal);
        Assert.Equal(2, westTotal);
    }
}
