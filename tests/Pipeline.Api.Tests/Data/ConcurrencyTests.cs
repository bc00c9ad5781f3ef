using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Pipeline.Api.Data;
using Pipeline.Api.Features.Imports;
using Pipeline.Api.Features.Projects;
using Pipeline.Api.Features.Reviews;
using Pipeline.Api.Hosting;
using Pipeline.Api.Tests.Features.Alerts;
using Pipeline.Api.Tests.Features.Companies;
using Pipeline.Api.Tests.Features.Reviews;
using Pipeline.Api.Tests.Infrastructure;

namespace Pipeline.Api.Tests.Data;

/// <summary>
/// Requests that race on the same rows, as only a server database lets them (SQLite's single writer takes them one at a
/// time, so there these pass trivially): each must leave exactly one result and a consistent history under READ COMMITTED.
/// </summary>
public class ConcurrencyTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    private const int Racers = 8;

    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task Transition_SameProjectFromManyClientsAtOnce_OneMoveOneHistoryRowAndTalliesAgree()
    {
        var unit = await _api.CreateUnitAsync();
        var project = await _api.CreateProjectAsync(unit.Id);
        var admin = await _api.AdminAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, Racers).Select(_ =>
            TestApi.TransitionAsync(admin, project, new { to = "preReview", on = factory.Today })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.PreconditionFailed, r.StatusCode));
        var history = (await admin.GetFromJsonAsync<List<HistoryEntry>>($"/api/projects/{project.Id}/history", HttpAssertions.Json))!;
        Assert.Equal([Domain.Projects.Stage.Talks, Domain.Projects.Stage.PreReview], history.Select(h => h.To));
        Assert.Equal(project.Version + 1, (await admin.GetFromJsonAsync<ProjectDto>($"/api/projects/{project.Id}", HttpAssertions.Json))!.Version);
        await AssertTalliesAgreeAsync(unit.Id);
    }

    [Fact]
    public async Task PatchesAndTransitions_SameProjectAtOnce_ExactlyOneWinsAndTheVersionRisesOnce()
    {
        var unit = await _api.CreateUnitAsync();
        var project = await _api.CreateProjectAsync(unit.Id);
        var admin = await _api.AdminAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, Racers).Select(i => i % 2 == 0
            ? TestApi.PatchAsync(admin, $"/api/projects/{project.Id}", new { name = $"{project.Name}-{i}" }, project.Version)
            : TestApi.TransitionAsync(admin, project, new { to = "preReview", on = factory.Today })));

        var winner = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r != winner), r => Assert.Equal(HttpStatusCode.PreconditionFailed, r.StatusCode));
        var after = (await admin.GetFromJsonAsync<ProjectDto>($"/api/projects/{project.Id}", HttpAssertions.Json))!;
        var history = (await admin.GetFromJsonAsync<List<HistoryEntry>>($"/api/projects/{project.Id}/history", HttpAssertions.Json))!;
        Assert.Equal(project.Version + 1, after.Version);
        Assert.Equal(after.Stage == Domain.Projects.Stage.PreReview ? 2 : 1, history.Count);
        Assert.True(after.Stage == Domain.Projects.Stage.PreReview ^ after.Name != project.Name);
    }

    [Fact]
    public async Task Transitions_OppositeDirectionsInOneUnitAtOnce_EveryMoveLandsAndTalliesAgree()
    {
        var unit = await _api.CreateUnitAsync();
        var admin = await _api.AdminAsync();
        var forward = new List<ProjectDto>();
        var back = new List<ProjectDto>();
        for (var i = 0; i < Racers; i++)
        {
            forward.Add(await _api.CreateProjectAsync(unit.Id));
            var reviewed = await _api.CreateProjectAsync(unit.Id);
            back.Add(await (await TestApi.TransitionAsync(admin, reviewed, new { to = "preReview", on = factory.Today })).As<ProjectDto>());
        }

        var responses = await Task.WhenAll(
            forward.Select(p => TestApi.TransitionAsync(admin, p, new { to = "preReview", on = factory.Today }))
                .Concat(back.Select(p => TestApi.TransitionAsync(admin, p, new { to = "talks", on = factory.Today }))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await AssertTalliesAgreeAsync(unit.Id);
    }

    [Fact]
    public async Task Import_SameLedgerTwiceAtOnce_EachProjectAndCompanyCreatedOnce()
    {
        var unit = await _api.CreateUnitAsync(TestApi.Unique("开发区"));
        var company = TestApi.Unique("星河电子有限公司");
        var creditCode = CompanyAndIndustryTests.NewCreditCode();
        var rows = Enumerable.Range(0, 20).Select(i => new Dictionary<string, object?>
        {
            [LedgerRow.Name] = $"电子信息项目{i:00}", [LedgerRow.Company] = company, [LedgerRow.CreditCode] = creditCode, [LedgerRow.Industry] = "C39",
            [LedgerRow.TotalInvestment] = 1000m + i, [LedgerRow.Unit] = unit.Name, [LedgerRow.Stage] = "洽谈", [LedgerRow.TalksOn] = "2026-03-01",
        }).ToList();
        var admin = await _api.AdminAsync();

        var reports = await Task.WhenAll(
            Task.Run(async () => await (await UploadAsync(admin, rows)).As<LedgerImport.ImportReport>()),
            Task.Run(async () => await (await UploadAsync(admin, rows)).As<LedgerImport.ImportReport>()));

        Assert.All(reports, r => Assert.Empty(r.Problems));
        Assert.Equal([0, 20], reports.Select(r => r.Created).Order());
        Assert.Equal([0, 20], reports.Select(r => r.Skipped).Order());
        await using var session = await OpenAsync();
        Assert.Equal(20, await session.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM projects WHERE responsible_unit_id = @Id", new { unit.Id }));
        Assert.Equal(1, await session.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM companies WHERE credit_code = @creditCode", new { creditCode }));
        Assert.Equal(20, await session.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM project_stage_history h JOIN projects p ON p.id = h.project_id WHERE p.responsible_unit_id = @Id", new { unit.Id }));
        await AssertTalliesAgreeAsync(unit.Id);
    }

    [Fact]
    public async Task Scan_WhileItsProjectsBreakGround_OneAlertEachOpenedOnceAndResolvedOnce()
    {
        var subjects = new AlertSubjects(_api, factory.Today);
        var (unit, person) = await subjects.OwnersAsync();
        var projects = new List<ProjectDto>();
        for (var i = 0; i < Racers; i++)
        {
            projects.Add(await subjects.SignedAsync(unit, person, 100 + i, landMode: "existingBuilding"));
        }

        var admin = await _api.AdminAsync();
        var moves = projects.Select(p => TestApi.TransitionAsync(admin, p, new { to = "groundbreaking", on = factory.Today })).ToList();
        await Task.WhenAll(factory.ScanAsync(), factory.ScanAsync());
        Assert.All(await Task.WhenAll(moves), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await factory.ScanAsync();

        await using var session = await OpenAsync();
        var alerts = await session.QueryAsync<(long Id, long ProjectId, string Status)>(d =>
            $"SELECT id, project_id, status FROM alerts WHERE rule_code = 'signedNotStarted' AND project_id {d.InList("@Ids")}",
            new { Ids = projects.Select(p => p.Id).ToList() });
        Assert.All(alerts.GroupBy(a => a.ProjectId), g => Assert.Single(g));
        Assert.All(alerts, a => Assert.Equal("resolved", a.Status));
        var events = await session.QueryAsync<(long AlertId, string Event, long Count)>(d =>
            $"SELECT alert_id, event, COUNT(*) FROM alert_history WHERE alert_id {d.InList("@Ids")} AND event IN ('opened', 'resolved') GROUP BY alert_id, event",
            new { Ids = alerts.Select(a => a.Id).ToList() });
        Assert.All(alerts, a =>
        {
            Assert.Equal(1, events.SingleOrDefault(e => e.AlertId == a.Id && e.Event == "opened").Count);
            Assert.Equal(1, events.SingleOrDefault(e => e.AlertId == a.Id && e.Event == "resolved").Count);
        });
        await AssertTalliesAgreeAsync(unit);
    }

    [Fact]
    public async Task ScoreSheets_MembersAndARepeatAtOnce_OneSheetPerMemberMatchingItsScores()
    {
        var members = new TestUser[Racers];
        for (var i = 0; i < Racers; i++)
        {
            members[i] = await _api.CreateUserAsync(null, "committee");
        }

        var unit = await _api.CreateUnitAsync();
        var project = await _api.CreateProjectAsync(unit.Id, new { industryCode = "C39" });
        var review = await (await (await _api.AdminAsync()).PostAsJsonAsync($"/api/projects/{project.Id}/reviews", ReviewTests.GoodFigures()))
            .As<ReviewDto>(HttpStatusCode.Created);

        var responses = await Task.WhenAll(members.Select((m, i) => ReviewTests.Api.PutScoresAsync(m, review.Id, ReviewTests.Scores(0.5m + (i * 0.05m)), "approve"))
            .Concat([ReviewTests.Api.PutScoresAsync(members[0], review.Id, ReviewTests.Scores(0.9m), "reject")]));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await using var session = await OpenAsync();
        var sheets = await session.QueryAsync<(long MemberId, long Total, long Points, long Scores)>("""
            SELECT s.member_id, s.total, SUM(sc.points), COUNT(*)
            FROM review_sheets s JOIN review_scores sc ON sc.review_id = s.review_id AND sc.member_id = s.member_id
            WHERE s.review_id = @Id GROUP BY s.member_id, s.total
            """, new { review.Id });
        Assert.Equal(members.Select(m => m.Id).Order(), sheets.Select(s => s.MemberId).Order());
        Assert.All(sheets, s => Assert.Equal((s.Total, (long)review.Rubric.Count), (s.Points, s.Scores)));
    }

    /// <summary>The kept per-unit, per-stage tallies say what counting the unit's projects says.</summary>
    private async Task AssertTalliesAgreeAsync(long unitId)
    {
        await using var session = await OpenAsync();
        var counted = await session.QueryAsync<(string Stage, long Projects)>(
            "SELECT stage, COUNT(*) FROM projects WHERE responsible_unit_id = @unitId GROUP BY stage ORDER BY stage", new { unitId });
        var kept = await session.QueryAsync<(string Stage, long Projects)>(
            "SELECT stage, projects FROM project_counts WHERE unit_id = @unitId AND projects <> 0 ORDER BY stage", new { unitId });
        Assert.Equal(counted, kept);
    }

    private async Task<DbSession> OpenAsync() => await factory.Services.GetRequiredService<Db>().OpenAsync();

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, List<Dictionary<string, object?>> rows)
    {
        var stream = new MemoryStream();
        var columns = rows.SelectMany(r => r.Keys).Distinct().ToList();
        MiniExcel.SaveAs(stream, rows.Select(r => columns.ToDictionary(c => c, c => r.GetValueOrDefault(c))));
        var file = new ByteArrayContent(stream.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue(Excel.ContentType);
        return client.PostAsync("/api/imports/projects", new MultipartFormDataContent { { file, "file", "台账.xlsx" } });
    }
}
