using System.Net;
using System.Net.Http.Json;
using Pipeline.Api.Features.Projects;
using Pipeline.Api.Features.Reviews;
using Pipeline.Api.Tests.Infrastructure;
using Pipeline.Domain.Projects;

namespace Pipeline.Api.Tests.Features.Reviews;

/// <summary>The gate before signing under each <c>Pipeline:Review:RequiredForSigning</c> setting.</summary>
public static class ReviewGate
{
    public sealed class AllFactory : PipelineFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Pipeline:Review:RequiredForSigning", "all")];
    }

    public sealed class NewLandFactory : PipelineFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Pipeline:Review:RequiredForSigning", "newLand")];
    }

    public static async Task<(ProjectDto Project, TestUser Staff)> ProjectInReviewAsync(TestApi api, LandMode mode)
    {
        var unit = await api.CreateUnitAsync();
        var staff = await api.CreateUserAsync(unit.Id, "staff");
        var project = await api.CreateProjectAsync(unit.Id, new { responsiblePersonId = staff.Id, landMode = mode }, staff.Client);
        project = await (await TestApi.TransitionAsync(staff.Client, project, new { to = "preReview" })).As<ProjectDto>();
        return (project, staff);
    }

    /// <summary>Applies, scores with three members and decides: passed when <paramref name="share"/> × 100 reaches the pass mark.</summary>
    public static async Task<ProjectDto> ReviewAsync(TestApi api, ProjectDto project, TestUser staff, decimal share)
    {
        var review = await (await staff.Client.PostAsJsonAsync($"/api/projects/{project.Id}/reviews", ReviewTests.GoodFigures())).As<ReviewDto>(HttpStatusCode.Created);
        for (var i = 0; i < 3; i++)
        {
            var member = await api.CreateUserAsync(null, "committee");
            await (await ReviewTests.Api.PutScoresAsync(member, review.Id, ReviewTests.Scores(share), "approve")).Expect(HttpStatusCode.OK);
        }

        await (await (await api.AdminAsync()).PostAsJsonAsync($"/api/reviews/{review.Id}/decision", new { })).Expect(HttpStatusCode.OK);
        return (await (await api.AdminAsync()).GetFromJsonAsync<ProjectDto>($"/api/projects/{project.Id}", Infrastructure.HttpAssertions.Json))!;
    }
}

public class ReviewGateAllTests(ReviewGate.AllFactory factory) : IClassFixture<ReviewGate.AllFactory>
{
    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task Sign_WithoutReview_Returns409ReviewRequired()
    {
        var (project, staff) = await ReviewGate.ProjectInReviewAsync(_api, LandMode.ExistingBuilding);

        var problem = await (await TestApi.TransitionAsync(staff.Client, project, new { to = "signed", contractAmount = 100m })).Problem(HttpStatusCode.Conflict);

        Assert.Equal("transition.reviewRequired", problem.Code);
    }

    [Fact]
    public async Task Sign_AfterRejectedReview_Returns409()
    {
        var (project, staff) = await ReviewGate.ProjectInReviewAsync(_api, LandMode.NewLand);
        project = await ReviewGate.ReviewAsync(_api, project, staff, 0.5m);
        project = await (await TestApi.TransitionAsync(staff.Client, project, new { to = "preReview" })).As<ProjectDto>();

        var problem = await (await TestApi.TransitionAsync(staff.Client, project, new { to = "signed", contractAmount = 100m })).Problem(HttpStatusCode.Conflict);

        Assert.Equal("transition.reviewRequired", problem.Code);
    }

    [Fact]
    public async Task Sign_AfterPassedReview_SignsAndLandBeyondApprovedAreaIsRefused()
    {
        var (project, staff) = await ReviewGate.ProjectInReviewAsync(_api, LandMode.NewLand);
        project = await ReviewGate.ReviewAsync(_api, project, staff, 0.8m);

        project = await (await TestApi.TransitionAsync(staff.Client, project, new { to = "signed", contractAmount = 50000m })).As<ProjectDto>();
        var tooMuch = await (await TestApi.TransitionAsync(staff.Client, project, new { to = "landSupply", areaMu = 100.0001m })).Problem(HttpStatusCode.Conflict);
        var supplied = await (await TestApi.TransitionAsync(staff.Client, project, new { to = "landSupply", areaMu = 100m })).As<ProjectDto>();

        Assert.Equal("landSupply.exceedsApproved", tooMuch.Code);
        Assert.Equal(100m, tooMuch["approvedMu"].GetDecimal());
        Assert.Equal(Stage.LandSupply, supplied.Stage);
    }
}

public class ReviewGateNewLandTests(ReviewGate.NewLandFactory factory) : IClassFixture<ReviewGate.NewLandFactory>
{
    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task Sign_ExistingBuildingWithoutReview_Allowed()
    {
        var (project, staff) = await ReviewGate.ProjectInReviewAsync(_api, LandMode.ExistingBuilding);

        await (await TestApi.TransitionAsync(staff.Client, project, new { to = "signed", contractAmount = 100m })).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Sign_NewLandWithoutReview_Returns409()
    {
        var (project, staff) = await ReviewGate.ProjectInReviewAsync(_api, LandMode.NewLand);

        var problem = await (await TestApi.TransitionAsync(staff.Client, project, new { to = "signed", contractAmount = 100m })).Problem(HttpStatusCode.Conflict);

        Assert.Equal("transition.reviewRequired", problem.Code);
    }
}

public class ReviewGateNoneTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    [Fact]
    public async Task Sign_NewLandWithoutReviewWhenNoneRequired_Allowed()
    {
        var (project, staff) = await ReviewGate.ProjectInReviewAsync(new TestApi(factory), LandMode.NewLand);

        await (await TestApi.TransitionAsync(staff.Client, project, new { to = "signed", contractAmount = 100m })).Expect(HttpStatusCode.OK);
    }
}

/// <summary>The rubric is one shared setting, so these tests have a factory of their own.</summary>
public class RubricTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task Rubric_DefaultAndReplacement_WeightsMustAddUpAndOpenReviewsKeepTheirs()
    {
        var admin = await _api.AdminAsync();
        var response = await admin.GetAsync("/api/review-rubric");
        var rubric = await response.As<RubricDto>();
        var (project, staff) = await ReviewGate.ProjectInReviewAsync(_api, LandMode.NewLand);
        var openReview = await (await staff.Client.PostAsJsonAsync($"/api/projects/{project.Id}/reviews", ReviewTests.GoodFigures())).As<ReviewDto>(HttpStatusCode.Created);

        var criteria = rubric.Criteria.ToList();
        var unbalanced = await (await Put(admin, criteria.Take(10), response.Version())).Problem(HttpStatusCode.BadRequest);
        var replacement = new[]
        {
            new CriterionDto("fit", "产业契合度", 40m, null, null, null),
            new CriterionDto("taxContribution", "亩均税收", 60m, Domain.Reviews.Indicator.TaxPerMu, 2m, 1m),
        };
        var replaced = await (await Put(admin, replacement, response.Version())).As<RubricDto>();
        var stale = await (await Put(admin, replacement, response.Version())).Problem(HttpStatusCode.PreconditionFailed);
        var review = await admin.GetFromJsonAsync<ReviewDto>($"/api/reviews/{openReview.Id}", Infrastructure.HttpAssertions.Json);

        Assert.Equal(11, criteria.Count);
        Assert.Equal(100m, criteria.Sum(c => c.Weight));
        Assert.Equal(Domain.Reviews.Indicator.TaxPerMu, criteria.Single(c => c.Code == "taxContribution").Indicator);
        Assert.Contains("各项权重合计为 95", unbalanced.Error("criteria"));
        Assert.Equal(2, replaced.Criteria.Count);
        Assert.True(replaced.Id > rubric.Id);
        Assert.Equal(412, stale.Status);
        Assert.Equal(11, review!.Rubric.Count);
    }

    [Fact]
    public async Task Rubric_ReplacedByStaff_Returns403()
    {
        var staff = await _api.CreateUserAsync((await _api.CreateUnitAsync()).Id, "staff");

        await (await Put(staff.Client, [new CriterionDto("a", "A", 100m, null, null, null)], 1)).Problem(HttpStatusCode.Forbidden);
    }

    private static Task<HttpResponseMessage> Put(HttpClient client, IEnumerable<CriterionDto> criteria, int version) =>
        TestApi.SendAsync(client, HttpMethod.Put, "/api/review-rubric", new { criteria }, version);
}

public class EntryStandardTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task Standards_SeededDefaultAndIndustryRowsWithUnitsAndDirections()
    {
        var standards = await (await _api.AdminAsync()).GetFromJsonAsync<List<EntryStandardDto>>("/api/entry-standards", Infrastructure.HttpAssertions.Json);

        var fallback = Assert.Single(standards!, s => s.IndustryCode is null && s.ParkUnitId is null);
        var energy = fallback.Thresholds.Single(t => t.Indicator == Domain.Reviews.Indicator.EnergyIntensity);
        Assert.Equal(("吨标煤/万元", Domain.Reviews.Direction.AtMost, 0.5m), (energy.Unit, energy.Direction, energy.Max!.Value));
        Assert.Contains(standards!, s => s.IndustryCode == "C39");
    }

    [Fact]
    public async Task Create_ParkStandard_UsedForProjectsOfThatPark()
    {
        var admin = await _api.AdminAsync();
        var park = await _api.CreateUnitAsync(kind: Api.Features.Units.UnitKind.Park);
        var office = await _api.CreateUnitAsync(parentId: park.Id);
        var created = await admin.PostAsJsonAsync("/api/entry-standards", new
        {
            industryCode = "C39", parkUnitId = park.Id, name = "园区电子信息标准",
            thresholds = new object[] { new { indicator = "investmentIntensity", min = 600m }, new { indicator = "energyIntensity", max = 0.25m } },
        });
        var standard = await created.As<EntryStandardDto>(HttpStatusCode.Created);
        var staff = await _api.CreateUserAsync(office.Id, "staff");
        var project = await _api.CreateProjectAsync(office.Id, new { responsiblePersonId = staff.Id }, staff.Client);

        var review = await (await staff.Client.PostAsJsonAsync($"/api/projects/{project.Id}/reviews", ReviewTests.GoodFigures())).As<ReviewDto>(HttpStatusCode.Created);
        var duplicate = await (await admin.PostAsJsonAsync("/api/entry-standards", new
        {
            industryCode = "C39", parkUnitId = park.Id, name = "重复", thresholds = new[] { new { indicator = "taxPerMu", min = 1m } },
        })).Problem(HttpStatusCode.Conflict);

        Assert.Equal(standard.Id, review.StandardId);
        Assert.Equal((false, -100m), (review.Indicators.Single(i => i.Indicator == Domain.Reviews.Indicator.InvestmentIntensity).Met!.Value,
            review.Indicators.Single(i => i.Indicator == Domain.Reviews.Indicator.InvestmentIntensity).Gap!.Value));
        Assert.Null(review.Indicators.Single(i => i.Indicator == Domain.Reviews.Indicator.TaxPerMu).Met);
        Assert.Equal("entryStandard.duplicate", duplicate.Code);
    }

    [Fact]
    public async Task Create_ThresholdAgainstItsDirection_Returns400()
    {
        var problem = await (await (await _api.AdminAsync()).PostAsJsonAsync("/api/entry-standards", new
        {
            industryCode = "C27", name = "医药",
            thresholds = new object[] { new { indicator = "energyIntensity", min = 0.2m }, new { indicator = "plotRatio", min = 2m, max = 1m } },
        })).Problem(HttpStatusCode.BadRequest);

        Assert.Contains("为上限指标", problem.Error("thresholds[0]"));
        Assert.Contains("为区间指标", problem.Error("thresholds[1]"));
    }

    [Fact]
    public async Task Replace_WithCurrentETag_ChangesThresholds()
    {
        var admin = await _api.AdminAsync();
        var created = await admin.PostAsJsonAsync("/api/entry-standards", new
        {
            industryCode = "C40", name = "仪器仪表", thresholds = new[] { new { indicator = "taxPerMu", min = 20m } },
        });
        var standard = await created.As<EntryStandardDto>(HttpStatusCode.Created);

        var replaced = await (await TestApi.SendAsync(admin, HttpMethod.Put, $"/api/entry-standards/{standard.Id}", new
        {
            industryCode = "C40", name = "仪器仪表", thresholds = new[] { new { indicator = "taxPerMu", min = 25m } },
        }, created.Version())).As<EntryStandardDto>();

        Assert.Equal(25m, Assert.Single(replaced.Thresholds).Min);
        Assert.Equal(2, replaced.Version);
    }
}
