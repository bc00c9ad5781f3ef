using System.Net;
using System.Net.Http.Json;
using Pipeline.Api.Features.Projects;
using Pipeline.Api.Features.Reviews;
using Pipeline.Api.Tests.Infrastructure;
using Pipeline.Domain.Projects;

namespace Pipeline.Api.Tests.Features.Reviews;

/// <summary>One set of rules for reviews: dropping withdraws, members read what is theirs to read, and signing follows the decision.</summary>
public class ReviewAccountabilityTests(ReviewGate.AllFactory factory) : IClassFixture<ReviewGate.AllFactory>
{
    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task Drop_ProjectUnderReview_WithdrawsItSoNobodyScoresOrDecidesIt()
    {
        var (project, staff) = await ReviewGate.ProjectInReviewAsync(_api, LandMode.NewLand);
        var review = await (await staff.Client.PostAsJsonAsync($"/api/projects/{project.Id}/reviews", ReviewTests.GoodFigures())).As<ReviewDto>(HttpStatusCode.Created);
        var member = await _api.CreateUserAsync(null, "committee");
        await (await ReviewTests.Api.PutScoresAsync(member, review.Id, ReviewTests.Scores(0.8m), "approve")).Expect(HttpStatusCode.OK);
        project = (await (await _api.AdminAsync()).GetFromJsonAsync<ProjectDto>($"/api/projects/{project.Id}", Infrastructure.HttpAssertions.Json))!;

        await (await TestApi.TransitionAsync(staff.Client, project, new { to = "dropped", reasonCode = "investorWithdrew", note = "企业放弃" })).Expect(HttpStatusCode.OK);
        var withdrawn = await (await _api.AdminAsync()).GetFromJsonAsync<ReviewDto>($"/api/reviews/{review.Id}", Infrastructure.HttpAssertions.Json);
        var scored = await (await ReviewTests.Api.PutScoresAsync(member, review.Id, ReviewTests.Scores(0.9m), "approve")).Problem(HttpStatusCode.Conflict);
        var decided = await (await (await _api.AdminAsync()).PostAsJsonAsync($"/api/reviews/{review.Id}/decision", new { defer = true })).Problem(HttpStatusCode.Conflict);

        Assert.Equal(ReviewStore.Withdrawn, withdrawn!.Status);
        Assert.Equal("review.withdrawn", scored.Code);
        Assert.Equal("review.withdrawn", decided.Code);
    }

    [Fact]
    public async Task Read_ByACommitteeMember_OpenReviewsAndTheirOwnButNotOthersOfDroppedProjects()
    {
        var (open, staff) = await ReviewGate.ProjectInReviewAsync(_api, LandMode.NewLand);
        var openReview = await (await staff.Client.PostAsJsonAsync($"/api/projects/{open.Id}/reviews", ReviewTests.GoodFigures())).As<ReviewDto>(HttpStatusCode.Created);
        var (closed, closedStaff) = await ReviewGate.ProjectInReviewAsync(_api, LandMode.NewLand);
        var closedReview = await (await closedStaff.Client.PostAsJsonAsync($"/api/projects/{closed.Id}/reviews", ReviewTests.GoodFigures())).As<ReviewDto>(HttpStatusCode.Created);
        var scorer = await _api.CreateUserAsync(null, "committee");
        var bystander = await _api.CreateUserAsync(null, "committee");
        await (await ReviewTests.Api.PutScoresAsync(scorer, closedReview.Id, ReviewTests.Scores(0.9m), "approve")).Expect(HttpStatusCode.OK);
        closed = (await (await _api.AdminAsync()).GetFromJsonAsync<ProjectDto>($"/api/projects/{closed.Id}", Infrastructure.HttpAssertions.Json))!;
        await (await TestApi.TransitionAsync(closedStaff.Client, closed, new { to = "dropped", reasonCode = "investorWithdrew", note = "企业放弃" })).Expect(HttpStatusCode.OK);

        await (await bystander.Client.GetAsync($"/api/reviews/{openReview.Id}")).Expect(HttpStatusCode.OK);
        await (await bystander.Client.GetAsync($"/api/reviews/{closedReview.Id}")).Problem(HttpStatusCode.NotFound);
        await (await scorer.Client.GetAsync($"/api/reviews/{closedReview.Id}")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Sign_DatedBeforeTheDecisionThatAllowedIt_Returns409()
    {
        var unit = await _api.CreateUnitAsync();
        var staff = await _api.CreateUserAsync(unit.Id, "staff");
        var project = await _api.CreateProjectAsync(unit.Id, new { responsiblePersonId = staff.Id, talksStartedOn = factory.Today.AddDays(-30) }, staff.Client);
        project = await (await TestApi.TransitionAsync(staff.Client, project, new { to = "preReview", on = factory.Today.AddDays(-20) })).As<ProjectDto>();
        project = await ReviewGate.ReviewAsync(_api, project, staff, 0.9m);

        var early = await (await TestApi.TransitionAsync(staff.Client, project, new { to = "signed", on = factory.Today.AddDays(-1), contractAmount = 20000m }))
            .Problem(HttpStatusCode.Conflict);
        var onTheDay = await (await TestApi.TransitionAsync(staff.Client, project, new { to = "signed", on = factory.Today, contractAmount = 20000m })).As<ProjectDto>();

        Assert.Equal("transition.beforeReviewDecision", early.Code);
        Assert.Equal(Stage.Signed, onTheDay.Stage);
    }
}
