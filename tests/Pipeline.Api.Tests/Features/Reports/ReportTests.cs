using System.Net;
using System.Net.Http.Json;
using Pipeline.Api.Features.Companies;
using Pipeline.Api.Features.Progress;
using Pipeline.Api.Features.Projects;
using Pipeline.Api.Features.Reports;
using Pipeline.Api.Tests.Features.Alerts;
using Pipeline.Api.Tests.Features.Reviews;
using Pipeline.Api.Tests.Infrastructure;
using Pipeline.Domain.Progress;
using Pipeline.Domain.Projects;

namespace Pipeline.Api.Tests.Features.Reports;

public class ReportTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task FunnelPeriod_BackAndForthAndDrops_EachProjectCountedOnceAtItsFirstArrival()
    {
        var (unit, person) = await new AlertSubjects(_api, factory.Today).OwnersAsync();
        var t = factory.Today;
        await ProjectPath.WalkAsync(_api, unit, person, "newLand", t.AddDays(-90), 10000m,
            ("preReview", t.AddDays(-80)), ("talks", t.AddDays(-75)), ("preReview", t.AddDays(-70)), ("signed", t.AddDays(-60)),
            ("landSupply", t.AddDays(-40)), ("groundbreaking", t.AddDays(-20)));
        await ProjectPath.WalkAsync(_api, unit, person, "newLand", t.AddDays(-50), 2000m, ("preReview", t.AddDays(-45)), ("dropped", t.AddDays(-30)));
        await ProjectPath.WalkAsync(_api, unit, person, "newLand", t.AddDays(-200), 3000m, ("preReview", t.AddDays(-60)), ("signed", t.AddDays(-10)));
        await ProjectPath.WalkAsync(_api, unit, person, "newLand", t.AddDays(-5), 400m);
        await ProjectPath.WalkAsync(_api, unit, person, "existingBuilding", t.AddDays(-99), 5000m,
            ("preReview", t.AddDays(-95)), ("signed", t.AddDays(-90)), ("groundbreaking", t.AddDays(-60)), ("production", t.AddDays(-1)));

        var funnel = await (await _api.AdminAsync()).GetFromJsonAsync<FunnelReport.Result>(
            $"/api/reports/funnel?mode=period&from={t.AddDays(-100):yyyy-MM-dd}&to={t:yyyy-MM-dd}&unitId={unit}", HttpAssertions.Json);

        // None of these projects passed a review in Pipeline (signing needs none here), so 过会 is 0 and 签约 has no rate.
        Assert.Equal([4L, 4, 0, 3, 1, 2, 1], funnel!.Stages.Select(s => s.Reached));
        Assert.Equal([17400m, 20000m, 0m, 18000m, 10000m, 15000m, 5000m], funnel.Stages.Select(s => s.Amount));
        Assert.Equal([null, 100m, 0m, null, 33.3m, 200m, 50m], funnel.Stages.Select(s => s.Conversion));
        Assert.Equal([1L, 0, 0, 1, 0, 1, 1], funnel.Stages.Select(s => s.Current));
        Assert.Equal(1, funnel.DroppedNow);
        Assert.Equal("签约", funnel.Stages[3].StageName);
    }

    [Fact]
    public async Task SignedNotStarted_KnownAnswerWithEdgesOfPeriodAndAsOf()
    {
        var (unit, person) = await new AlertSubjects(_api, factory.Today).OwnersAsync();
        DateOnly D(int y, int m, int d) => new(y, m, d);
        var started = await ProjectPath.WalkAsync(_api, unit, person, "newLand", D(2024, 10, 1), 1000m,
            ("preReview", D(2025, 2, 1)), ("signed", D(2025, 3, 1)), ("landSupply", D(2025, 5, 1)), ("groundbreaking", D(2025, 9, 1)));
        var waiting = await ProjectPath.WalkAsync(_api, unit, person, "newLand", D(2024, 10, 1), 2000m, ("preReview", D(2025, 5, 1)), ("signed", D(2025, 6, 1)));
        await ProjectPath.WalkAsync(_api, unit, person, "newLand", D(2024, 10, 1), 3000m, ("preReview", D(2024, 12, 1)), ("signed", D(2024, 12, 31)));
        await ProjectPath.WalkAsync(_api, unit, person, "newLand", D(2024, 10, 1), 4000m, ("preReview", D(2025, 12, 1)), ("signed", D(2026, 1, 1)));
        var justAfter = await ProjectPath.WalkAsync(_api, unit, person, "newLand", D(2024, 10, 1), 5000m,
            ("preReview", D(2025, 12, 1)), ("signed", D(2025, 12, 31)), ("landSupply", D(2026, 1, 1)), ("groundbreaking", D(2026, 1, 2)));
        await ProjectPath.WalkAsync(_api, unit, person, "existingBuilding", D(2024, 10, 1), 6000m, ("preReview", D(2025, 4, 1)), ("signed", D(2025, 5, 1)));
        var dropped = await ProjectPath.WalkAsync(_api, unit, person, "newLand", D(2024, 10, 1), 7000m,
            ("preReview", D(2025, 3, 1)), ("signed", D(2025, 4, 1)), ("dropped", D(2025, 10, 1)));
        var admin = await _api.AdminAsync();
        const string period = "signedFrom=2025-01-01&signedTo=2025-12-31&asOf=2026-01-01";

        var newLand = await admin.GetFromJsonAsync<SignedNotStartedReport.Result>($"/api/reports/signed-not-started?{period}&landMode=newLand&unitId={unit}", HttpAssertions.Json);
        var all = await admin.GetFromJsonAsync<SignedNotStartedReport.Result>($"/api/reports/signed-not-started?{period}&unitId={unit}", HttpAssertions.Json);

        Assert.Equal((4L, 1L, 3L, 25m, 1L), (newLand!.Signed, newLand.Started, newLand.NotStarted, newLand.StartRate!.Value, newLand.Dropped));
        Assert.Equal(new[] { waiting.Id, justAfter.Id }.Order(), newLand.Projects.Items.Select(p => p.Id).Order());
        Assert.DoesNotContain(newLand.Projects.Items, p => p.Id == dropped.Id);
        var b = newLand.Projects.Items.Single(p => p.Id == waiting.Id);
        Assert.Equal((214, unit, person), (b.DaysSinceSigning, b.ResponsibleUnitId, b.ResponsiblePersonId!.Value));
        Assert.Equal((5L, 1L, 4L, 1L, 3L), (all!.Signed, all.Started, all.NotStarted, all.Dropped, all.ToChase));
        Assert.DoesNotContain(all.Projects.Items, p => p.Id == started.Id);
        Assert.Equal((3L, 3), (all.Projects.Total, all.Projects.Items.Count));
        var secondPage = await admin.GetFromJsonAsync<SignedNotStartedReport.Result>($"/api/reports/signed-not-started?{period}&unitId={unit}&pageSize=2&page=2", HttpAssertions.Json);
        Assert.Equal((3L, 1), (secondPage!.Projects.Total, secondPage.Projects.Items.Count));
    }

    [Fact]
    public async Task SignedNotStarted_ProjectWithEveryFieldSet_ListedAsItsDetailShowsIt()
    {
        var (unit, person) = await new AlertSubjects(_api, factory.Today).OwnersAsync();
        var admin = await _api.AdminAsync();
        var leader = await _api.CreateUserAsync(null, "leader");
        var company = await (await admin.PostAsJsonAsync("/api/companies", new { name = TestApi.Unique("待开工企业") })).As<CompanyDto>(HttpStatusCode.Created);
        var t = factory.Today;
        var project = await _api.CreateProjectAsync(unit, new
        {
            responsiblePersonId = person, leaderId = leader.Id, companyId = company.Id, landMode = "existingBuilding", talksStartedOn = t.AddDays(-100),
        });
        project = await (await TestApi.TransitionAsync(admin, project, new { to = "preReview", on = t.AddDays(-90) })).As<ProjectDto>();
        project = await (await TestApi.TransitionAsync(admin, project, new { to = "signed", on = t.AddDays(-80), contractAmount = 1234.5678m, plannedGroundbreakingOn = t.AddDays(30) }))
            .As<ProjectDto>();

        var report = await admin.GetFromJsonAsync<SignedNotStartedReport.Result>(
            $"/api/reports/signed-not-started?signedFrom={t.AddDays(-81):yyyy-MM-dd}&signedTo={t:yyyy-MM-dd}&unitId={unit}", HttpAssertions.Json);
        var detail = await admin.GetFromJsonAsync<ProjectDto>($"/api/projects/{project.Id}", HttpAssertions.Json);

        var row = report!.Projects.Items.Single(p => p.Id == project.Id);
        Assert.Equal(
            (detail!.Name, company.Name, Stage.Signed, "签约", LandMode.ExistingBuilding, t.AddDays(-80), 1234.5678m, t.AddDays(30)),
            (row.Name, row.CompanyName, row.Stage, row.StageName, row.LandMode, row.SignedOn, row.ContractAmount!.Value, row.PlannedGroundbreakingOn!.Value));
        Assert.Equal(
            (80, unit, detail.ResponsibleUnitName, person, detail.ResponsiblePersonName, leader.Id, detail.LeaderName),
            (row.DaysSinceSigning, row.ResponsibleUnitId, row.ResponsibleUnitName, row.ResponsiblePersonId!.Value, row.ResponsiblePersonName, row.LeaderId!.Value, row.LeaderName));
        Assert.All(new[] { row.ResponsibleUnitName, row.ResponsiblePersonName, row.LeaderName }, Assert.NotNull);
    }

    [Fact]
    public async Task SignedAmount_CapitalIncreaseAddsOnlyTheIncreaseAndASecondContractNothing()
    {
        var (unit, person) = await new AlertSubjects(_api, factory.Today).OwnersAsync();
        var t = factory.Today;
        var project = await ProjectPath.WalkAsync(_api, unit, person, "newLand", t.AddDays(-60), 10000m, ("preReview", t.AddDays(-50)), ("signed", t.AddDays(-40)));
        var admin = await _api.AdminAsync();
        await (await admin.PostAsJsonAsync($"/api/projects/{project.Id}/agreements", new { type = "capitalIncrease", signedOn = t.AddDays(-10), amount = 3000m }))
            .Expect(HttpStatusCode.Created);
        await (await admin.PostAsJsonAsync($"/api/projects/{project.Id}/agreements", new { type = "formal", signedOn = t.AddDays(-5), amount = 10000m, note = "补充合同" }))
            .Expect(HttpStatusCode.Created);

        var report = await admin.GetFromJsonAsync<PerformanceReport.Result>(
            $"/api/reports/performance?from={t.AddDays(-100):yyyy-MM-dd}&to={t:yyyy-MM-dd}&unitId={unit}", HttpAssertions.Json);

        var row = Assert.Single(report!.Units);
        Assert.Equal((1L, 13000m, 10000m), (row.SignedCount, row.SignedAmount, row.Contracted));
    }

    [Fact]
    public async Task Progress_CommitmentsMetPendingBehindAndRates()
    {
        var (unit, person) = await new AlertSubjects(_api, factory.Today).OwnersAsync();
        var t = factory.Today;
        var project = await ProjectPath.WalkAsync(_api, unit, person, "existingBuilding", t.AddDays(-400), 10000m,
            ("preReview", t.AddDays(-390)), ("signed", t.AddDays(-380)), ("groundbreaking", t.AddDays(-300)), ("production", t.AddDays(-100)));
        var admin = await _api.AdminAsync();
        await (await admin.PostAsJsonAsync($"/api/projects/{project.Id}/investments", new { month = t.AddMonths(-10), amount = 1500m })).Expect(HttpStatusCode.OK);
        await (await admin.PostAsJsonAsync($"/api/projects/{project.Id}/investments", new { month = t.AddMonths(-2), amount = 1000m })).Expect(HttpStatusCode.OK);
        await (await admin.PostAsJsonAsync($"/api/projects/{project.Id}/commitments", new { dueOn = t.AddDays(-30), amount = 2000m, text = "一期投资" })).Expect(HttpStatusCode.OK);
        await (await admin.PostAsJsonAsync($"/api/projects/{project.Id}/commitments", new { dueOn = t.AddDays(-1), amount = 8000m, text = "二期投资" })).Expect(HttpStatusCode.OK);
        var progress = await (await admin.PostAsJsonAsync($"/api/projects/{project.Id}/commitments", new { dueOn = t.AddDays(200), amount = 10000m })).As<ProgressDto>();
        var futureMonth = await (await admin.PostAsJsonAsync($"/api/projects/{project.Id}/investments", new { month = t.AddMonths(2), amount = 1m })).Problem(HttpStatusCode.BadRequest);

        Assert.Equal([1500m, 2500m], progress.Investments.Select(i => i.Cumulative));
        Assert.Equal([CommitmentState.Met, CommitmentState.Behind, CommitmentState.Pending], progress.Commitments.Select(c => c.State));
        Assert.Equal((2, 1, 1, 1, 50m, 25m, false),
            (progress.Summary.Due, progress.Summary.Met, progress.Summary.Behind, progress.Summary.Pending, progress.Summary.FulfilmentRate!.Value,
             progress.Summary.FundingRate!.Value, progress.Summary.Achieved));
        Assert.True(futureMonth.HasError("month"));
    }

    [Fact]
    public async Task Progress_ReviewConditionJudgedOnTheReportedYear_AndTheProjectIsAchieved()
    {
        var unit = await _api.CreateUnitAsync();
        var staff = await _api.CreateUserAsync(unit.Id, "staff");
        var project = await _api.CreateProjectAsync(unit.Id, new { responsiblePersonId = staff.Id, landMode = "existingBuilding", landAreaMu = 100m, talksStartedOn = factory.Today.AddDays(-400) }, staff.Client);
        var review = await (await staff.Client.PostAsJsonAsync($"/api/projects/{project.Id}/reviews", ReviewTests.GoodFigures())).As<Api.Features.Reviews.ReviewDto>(HttpStatusCode.Created);
        for (var i = 0; i < 3; i++)
        {
            var member = await _api.CreateUserAsync(null, "committee");
            await ReviewTests.Api.PutScoresAsync(member, review.Id, ReviewTests.Scores(0.8m), "approve");
        }

        var admin = await _api.AdminAsync();
        await (await admin.PostAsJsonAsync($"/api/reviews/{review.Id}/decision", new
        {
            conditions = new[] { new { text = "2025年亩均税收不低于30万元", indicator = "taxPerMu", threshold = 30m, byYear = 2025 } },
        })).Expect(HttpStatusCode.OK);
        var current = await admin.GetFromJsonAsync<Api.Features.Projects.ProjectDto>($"/api/projects/{project.Id}", HttpAssertions.Json);
        current = await (await TestApi.TransitionAsync(admin, current!, new { to = "signed", contractAmount = 20000m })).As<Api.Features.Projects.ProjectDto>();
        current = await (await TestApi.TransitionAsync(admin, current, new { to = "groundbreaking" })).As<Api.Features.Projects.ProjectDto>();
        await (await TestApi.TransitionAsync(admin, current, new { to = "production" })).Expect(HttpStatusCode.OK);

        var before = await admin.GetFromJsonAsync<ProgressDto>($"/api/projects/{project.Id}/progress", HttpAssertions.Json);
        var after = await (await admin.PutAsJsonAsync($"/api/projects/{project.Id}/performance/2025", new { tax = 3200m, output = 90000m, energyTce = 9000m })).As<ProgressDto>();

        Assert.Equal(CommitmentState.Behind, Assert.Single(before!.Commitments).State);
        var condition = Assert.Single(after.Commitments);
        Assert.Equal(("review", CommitmentState.Met, 32m), (condition.Source, condition.State, condition.Actual!.Value));
        Assert.True(after.Summary.Achieved);
    }

    [Fact]
    public async Task Exports_FunnelSignedNotStartedAndTrips_XlsxWithChineseHeaders()
    {
        var admin = await _api.AdminAsync();

        using var funnel = await XlsxFile.FromAsync(await admin.GetAsync("/api/reports/funnel?format=xlsx"));
        using var waiting = await XlsxFile.FromAsync(await admin.GetAsync("/api/reports/signed-not-started?format=xlsx"));
        using var trips = await XlsxFile.FromAsync(await admin.GetAsync("/api/reports/trips?format=xlsx"));
        var bad = await admin.GetAsync("/api/reports/funnel?format=pdf");

        Assert.Contains("转化率口径", funnel.Sheet("漏斗").RowTexts(2));
        Assert.Equal(["签约未开工", "汇总"], waiting.SheetNames);
        Assert.Contains("人天/核实线索", trips.Sheet("外出招商成效").RowTexts(2));
        Assert.True((await bad.Problem(HttpStatusCode.BadRequest)).HasError("format"));
    }
}
