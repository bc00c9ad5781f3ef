using System.Net;
using System.Net.Http.Json;
using Pipeline.Api.Features.Projects;
using Pipeline.Api.Features.Reviews;
using Pipeline.Api.Hosting;
using Pipeline.Api.Tests.Infrastructure;
using Pipeline.Domain.Projects;
using Pipeline.Domain.Reviews;

namespace Pipeline.Api.Tests.Features.Reviews;

public class ReviewTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    private static readonly Dictionary<string, decimal> Weights = new()
    {
        ["industryCategory"] = 5, ["technology"] = 5, ["investmentScale"] = 17, ["investmentIntensity"] = 17, ["investor"] = 10, ["environment"] = 5,
        ["safety"] = 5, ["landUse"] = 10, ["planning"] = 5, ["taxContribution"] = 16, ["employment"] = 5,
    };

    private readonly TestApi _api = new(factory);

    /// <summary>A C39 project on 100 亩 that meets every C39 standard (intensity 500, tax 40, output 800, energy 0.2, plot 1.5, R&amp;D 4%).</summary>
    public static object GoodFigures(long? chairId = null, decimal energyTce = 16000m, string[]? vetoCodes = null) => new
    {
        landAreaMu = 100m, fixedAssetInvestment = 50000m, annualOutput = 80000m, annualTax = 4000m, annualEnergyTce = energyTce,
        employees = 300, rdRatio = 4m, plotRatio = 1.5m, chairId, vetoCodes,
    };

    /// <summary>Every criterion at the same share of its weight, so the sheet's total is 100 × share.</summary>
    public static Dictionary<string, decimal> Scores(decimal share) => Weights.ToDictionary(w => w.Key, w => Math.Round(w.Value * share, 4));

    [Fact]
    public async Task Apply_ProjectInTalks_201IndicatorsCheckedAgainstIndustryStandardAndProjectUnderReview()
    {
        var (project, staff) = await ProjectAsync();

        var response = await staff.Client.PostAsJsonAsync($"/api/projects/{project.Id}/reviews", GoodFigures());
        var review = await response.As<ReviewDto>(HttpStatusCode.Created);
        var moved = await staff.Client.GetFromJsonAsync<ProjectDto>($"/api/projects/{project.Id}", HttpAssertions.Json);

        Assert.Equal("open", review.Status);
        Assert.Equal(Stage.PreReview, moved!.Stage);
        var intensity = review.Indicators.Single(i => i.Indicator == Indicator.InvestmentIntensity);
        Assert.Equal((500m, 400m, true, 100m, "万元/亩"), (intensity.Value!.Value, intensity.Min!.Value, intensity.Met!.Value, intensity.Gap!.Value, intensity.Unit));
        var energy = review.Indicators.Single(i => i.Indicator == Indicator.EnergyIntensity);
        Assert.Equal((0.2m, 0.3m, Direction.AtMost, true), (energy.Value!.Value, energy.Max!.Value, energy.Direction, energy.Met!.Value));
        Assert.All(review.Indicators, i => Assert.True(i.Met));
        Assert.False(review.Vetoed);
        Assert.Equal(17m, review.Rubric.Single(c => c.Code == "investmentIntensity").Suggested);
        Assert.Null(review.Rubric.Single(c => c.Code == "technology").Suggested);
        Assert.Equal(100m, review.Rubric.Sum(c => c.Weight));
    }

    [Fact]
    public async Task Apply_MissedStandards_ShowsByHowMuchAndSuggestsLowerScores()
    {
        var (project, staff) = await ProjectAsync();

        var review = await (await staff.Client.PostAsJsonAsync($"/api/projects/{project.Id}/reviews", new
        {
            landAreaMu = 100m, fixedAssetInvestment = 35000m, annualOutput = 80000m, annualTax = 2000m, annualEnergyTce = 16000m, plotRatio = 0.9m,
        })).As<ReviewDto>(HttpStatusCode.Created);

        var intensity = review.Indicators.Single(i => i.Indicator == Indicator.InvestmentIntensity);
        Assert.Equal((false, -50m), (intensity.Met!.Value, intensity.Gap!.Value));
        Assert.Equal((false, -0.3m), (review.Indicators.Single(i => i.Indicator == Indicator.PlotRatio).Met!.Value, review.Indicators.Single(i => i.Indicator == Indicator.PlotRatio).Gap!.Value));
        Assert.Null(review.Indicators.Single(i => i.Indicator == Indicator.RdRatio).Met);
        Assert.Equal(16.5m, review.Rubric.Single(c => c.Code == "investmentIntensity").Suggested);
        Assert.Equal(11m, review.Rubric.Single(c => c.Code == "taxContribution").Suggested);
    }

    [Fact]
    public async Task Apply_EnergyAboveStandard_VetoedAutomatically()
    {
        var (project, staff) = await ProjectAsync();

        var review = await (await staff.Client.PostAsJsonAsync($"/api/projects/{project.Id}/reviews", GoodFigures(energyTce: 40000m)))
            .As<ReviewDto>(HttpStatusCode.Created);

        Assert.True(review.Vetoed);
        var veto = Assert.Single(review.Vetoes);
        Assert.Equal(("energy", "automatic"), (veto.Code, veto.Source));
    }

    [Fact]
    public async Task Apply_VetoCodes_RecordedWithTheirNamesUnknownOnesRefused()
    {
        var (project, staff) = await ProjectAsync();

        var unknown = await (await staff.Client.PostAsJsonAsync($"/api/projects/{project.Id}/reviews", GoodFigures(vetoCodes: ["ugly"])))
            .Problem(HttpStatusCode.BadRequest);
        var review = await (await staff.Client.PostAsJsonAsync($"/api/projects/{project.Id}/reviews", GoodFigures(vetoCodes: ["landSpeculation"])))
            .As<ReviewDto>(HttpStatusCode.Created);

        Assert.Contains("landSpeculation", unknown.Error("vetoCodes"));
        Assert.Equal("圈地、囤地", Assert.Single(review.Vetoes).Name);
    }

    [Fact]
    public async Task Apply_WhileAReviewIsOpen_Returns409()
    {
        var (project, staff) = await ProjectAsync();
        var first = await (await staff.Client.PostAsJsonAsync($"/api/projects/{project.Id}/reviews", GoodFigures())).As<ReviewDto>(HttpStatusCode.Created);

        var problem = await (await staff.Client.PostAsJsonAsync($"/api/projects/{project.Id}/reviews", GoodFigures())).Problem(HttpStatusCode.Conflict);

        Assert.Equal("review.alreadyOpen", problem.Code);
        Assert.Equal(first.Id, problem["reviewId"].GetInt64());
    }

    [Fact]
    public async Task Apply_BadFigures_Returns400()
    {
        var (project, staff) = await ProjectAsync();

        var problem = await (await staff.Client.PostAsJsonAsync($"/api/projects/{project.Id}/reviews", new { landAreaMu = 0m, rdRatio = 120m }))
            .Problem(HttpStatusCode.BadRequest);

        Assert.True(problem.HasError("landAreaMu"));
        Assert.True(problem.HasError("fixedAssetInvestment"));
        Assert.True(problem.HasError("rdRatio"));
    }

    [Fact]
    public async Task Scores_OutsideZeroToWeight_Returns400()
    {
        var (review, members) = await OpenReviewAsync(1);
        var scores = Scores(0.8m);
        scores["investmentScale"] = 18m;
        scores["technology"] = -1m;

        var problem = await (await Api.PutScoresAsync(members[0], review.Id, scores, "approve")).Problem(HttpStatusCode.BadRequest);

        Assert.Contains("须在 0 到 17 之间", problem.Error("scores.investmentScale"));
        Assert.True(problem.HasError("scores.technology"));
    }

    [Fact]
    public async Task Scores_MemberScoredCriterionLeftOut_Returns400ButIndicatorCriterionTakesSuggestion()
    {
        var (review, members) = await OpenReviewAsync(1);
        var withoutIndicators = Scores(1m);
        withoutIndicators.Remove("investmentIntensity");
        withoutIndicators.Remove("taxContribution");
        var withoutInvestor = Scores(1m);
        withoutInvestor.Remove("investor");

        var missing = await (await Api.PutScoresAsync(members[0], review.Id, withoutInvestor, "approve")).Problem(HttpStatusCode.BadRequest);
        var sheet = await (await Api.PutScoresAsync(members[0], review.Id, withoutIndicators, "approve")).As<ScoreSheet>();

        Assert.True(missing.HasError("scores.investor"));
        Assert.Equal(100m, sheet.Total);
        Assert.Equal(17m, sheet.Scores.Single(s => s.Criterion == "investmentIntensity").Points);
    }

    [Fact]
    public async Task Scores_BeforeDecision_MemberSeesOwnSheetAndCountOnly_AfterDecisionEveryoneSeesAll()
    {
        var (review, members) = await OpenReviewAsync(3, chairIndex: 0);
        await (await Api.PutScoresAsync(members[0], review.Id, Scores(0.9m), "approve")).Expect(HttpStatusCode.OK);
        await (await Api.PutScoresAsync(members[1], review.Id, Scores(0.7m), "approve")).Expect(HttpStatusCode.OK);

        var asSecond = await members[1].Client.GetFromJsonAsync<ReviewDto>($"/api/reviews/{review.Id}", HttpAssertions.Json);
        var asThird = await members[2].Client.GetFromJsonAsync<ReviewDto>($"/api/reviews/{review.Id}", HttpAssertions.Json);
        var staffView = await _api.AdminAsync();
        var asAdmin = await staffView.GetFromJsonAsync<ReviewDto>($"/api/reviews/{review.Id}", HttpAssertions.Json);

        Assert.Equal(2, asSecond!.SheetsIn);
        Assert.Equal(70m, asSecond.MySheet!.Total);
        Assert.Null(asSecond.Sheets);
        Assert.Null(asThird!.MySheet);
        Assert.Null(asAdmin!.Sheets);

        await (await Api.PutScoresAsync(members[2], review.Id, Scores(0.8m), "reject")).Expect(HttpStatusCode.OK);
        await (await members[0].Client.PostAsJsonAsync($"/api/reviews/{review.Id}/decision", new { })).Expect(HttpStatusCode.OK);
        var afterwards = await staffView.GetFromJsonAsync<ReviewDto>($"/api/reviews/{review.Id}", HttpAssertions.Json);

        Assert.Equal([90m, 70m, 80m], afterwards!.Sheets!.OrderBy(s => s.MemberId).Select(s => s.Total));
    }

    [Fact]
    public async Task Scores_ByNonCommitteeUser_Returns403()
    {
        var (review, _) = await OpenReviewAsync(1);
        var leader = await _api.CreateUserAsync(null, "leader");

        await (await Api.PutScoresAsync(leader, review.Id, Scores(1m), "approve")).Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Decide_BelowQuorum_Returns409WithCounts()
    {
        var (review, members) = await OpenReviewAsync(3, chairIndex: 0);
        await Api.PutScoresAsync(members[0], review.Id, Scores(0.9m), "approve");
        await Api.PutScoresAsync(members[1], review.Id, Scores(0.9m), "approve");

        var problem = await (await members[0].Client.PostAsJsonAsync($"/api/reviews/{review.Id}/decision", new { })).Problem(HttpStatusCode.Conflict);

        Assert.Equal("review.quorum", problem.Code);
        Assert.Equal(2, problem["sheetsIn"].GetInt32());
    }

    [Fact]
    public async Task Decide_ByCommitteeMemberWhoIsNotTheChair_Returns403()
    {
        var (review, members) = await OpenReviewAsync(3, chairIndex: 0);

        await (await members[1].Client.PostAsJsonAsync($"/api/reviews/{review.Id}/decision", new { })).Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Decide_GoodScoresAndMajority_PassedWithLandClassAndConditionsAndSheetsLocked()
    {
        var (review, members) = await OpenReviewAsync(3, chairIndex: 0);
        await Api.PutScoresAsync(members[0], review.Id, Scores(0.9m), "approve");
        await Api.PutScoresAsync(members[1], review.Id, Scores(0.8m), "approve");
        await Api.PutScoresAsync(members[2], review.Id, Scores(0.85m), "abstain");

        var decision = await (await members[0].Client.PostAsJsonAsync($"/api/reviews/{review.Id}/decision", new
        {
            note = "同意入园",
            conditions = new[] { new { text = "投产后第三年亩均税收不低于30万元", indicator = "taxPerMu", threshold = 30m, byYear = 2029 } },
        })).As<DecisionDto>();
        var locked = await (await Api.PutScoresAsync(members[1], review.Id, Scores(0.1m), "reject")).Problem(HttpStatusCode.Conflict);
        var read = await members[0].Client.GetFromJsonAsync<ReviewDto>($"/api/reviews/{review.Id}", HttpAssertions.Json);
        var again = await (await members[0].Client.PostAsJsonAsync($"/api/reviews/{review.Id}/decision", new { })).Problem(HttpStatusCode.Conflict);

        Assert.Equal((ReviewOutcome.Passed, 85m, LandClass.A, false, 2), (decision.Outcome, decision.Score, decision.LandClass, decision.Vetoed, decision.Approvals));
        Assert.Equal("review.decided", locked.Code);
        Assert.Equal("review.decided", again.Code);
        var condition = Assert.Single(read!.Conditions);
        Assert.Equal((Indicator.TaxPerMu, 30m, 2029), (condition.Indicator!.Value, condition.Threshold!.Value, condition.ByYear!.Value));
    }

    [Fact]
    public async Task Decide_FiveSheets_TrimmedMeanDropsHighestAndLowest()
    {
        var (review, members) = await OpenReviewAsync(5, chairIndex: 0);
        decimal[] shares = [0.1m, 0.7m, 0.75m, 0.7m, 1m];
        for (var i = 0; i < 5; i++)
        {
            await Api.PutScoresAsync(members[i], review.Id, Scores(shares[i]), "approve");
        }

        var decision = await (await members[0].Client.PostAsJsonAsync($"/api/reviews/{review.Id}/decision", new { })).As<DecisionDto>();

        Assert.Equal(71.67m, decision.Score);
        Assert.Equal(LandClass.C, decision.LandClass);
    }

    [Fact]
    public async Task Decide_MajorityRejects_RejectedAndProjectBackInTalks()
    {
        var (review, members) = await OpenReviewAsync(3, chairIndex: 0);
        await Api.PutScoresAsync(members[0], review.Id, Scores(0.9m), "approve");
        await Api.PutScoresAsync(members[1], review.Id, Scores(0.9m), "reject");
        await Api.PutScoresAsync(members[2], review.Id, Scores(0.9m), "reject");

        var decision = await (await members[0].Client.PostAsJsonAsync($"/api/reviews/{review.Id}/decision", new { })).As<DecisionDto>();
        var project = await (await _api.AdminAsync()).GetFromJsonAsync<ProjectDto>($"/api/projects/{review.ProjectId}", HttpAssertions.Json);
        var history = await (await _api.AdminAsync()).GetFromJsonAsync<List<HistoryEntry>>($"/api/projects/{review.ProjectId}/history", HttpAssertions.Json);

        Assert.Equal(ReviewOutcome.Rejected, decision.Outcome);
        Assert.Equal(Stage.Talks, project!.Stage);
        Assert.StartsWith("预审未通过", history![^1].Note);
    }

    [Fact]
    public async Task Decide_VetoedButHighScores_RejectedAndDroppedWhenChairSaysSo()
    {
        var (review, members) = await OpenReviewAsync(3, chairIndex: 0, energyTce: 40000m);
        for (var i = 0; i < 3; i++)
        {
            await Api.PutScoresAsync(members[i], review.Id, Scores(0.95m), "approve");
        }

        var decision = await (await members[0].Client.PostAsJsonAsync($"/api/reviews/{review.Id}/decision", new { dropOnReject = true })).As<DecisionDto>();
        var project = await (await _api.AdminAsync()).GetFromJsonAsync<ProjectDto>($"/api/projects/{review.ProjectId}", HttpAssertions.Json);

        Assert.Equal((ReviewOutcome.Rejected, true), (decision.Outcome, decision.Vetoed));
        Assert.Equal((Stage.Dropped, Stage.PreReview), (project!.Stage, project.DroppedFrom!.Value));
    }

    [Fact]
    public async Task Decide_VetoRecordedAtTheMeeting_Rejected()
    {
        var (review, members) = await OpenReviewAsync(3, chairIndex: 0);
        for (var i = 0; i < 3; i++)
        {
            await Api.PutScoresAsync(members[i], review.Id, Scores(0.9m), "approve");
        }

        var decision = await (await members[0].Client.PostAsJsonAsync($"/api/reviews/{review.Id}/decision", new { vetoCodes = new[] { "safety" } })).As<DecisionDto>();

        Assert.Equal((ReviewOutcome.Rejected, true), (decision.Outcome, decision.Vetoed));
    }

    [Fact]
    public async Task Decide_Deferred_ProjectStaysUnderReviewAndMayApplyAgain()
    {
        var (review, members) = await OpenReviewAsync(3, chairIndex: 0);

        var decision = await (await members[0].Client.PostAsJsonAsync($"/api/reviews/{review.Id}/decision", new { defer = true, note = "补充环评材料" })).As<DecisionDto>();
        var project = await (await _api.AdminAsync()).GetFromJsonAsync<ProjectDto>($"/api/projects/{review.ProjectId}", HttpAssertions.Json);
        var reapplied = await (await _api.AdminAsync()).PostAsJsonAsync($"/api/projects/{review.ProjectId}/reviews", GoodFigures());

        Assert.Equal(ReviewOutcome.Deferred, decision.Outcome);
        Assert.Equal(Stage.PreReview, project!.Stage);
        await reapplied.Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Decide_ByAdminWithoutChair_Allowed()
    {
        var (review, members) = await OpenReviewAsync(3, chairIndex: null);
        for (var i = 0; i < 3; i++)
        {
            await Api.PutScoresAsync(members[i], review.Id, Scores(0.7m), "approve");
        }

        var decision = await (await (await _api.AdminAsync()).PostAsJsonAsync($"/api/reviews/{review.Id}/decision", new { })).As<DecisionDto>();

        Assert.Equal((ReviewOutcome.Passed, LandClass.C), (decision.Outcome, decision.LandClass));
    }

    [Fact]
    public async Task List_OpenReviews_IncludeThisOne()
    {
        var (review, members) = await OpenReviewAsync(1);

        var open = await members[0].Client.GetFromJsonAsync<Paged<ReviewSummary>>($"/api/reviews?status=open&projectId={review.ProjectId}", HttpAssertions.Json);

        Assert.Equal(review.Id, Assert.Single(open!.Items).Id);
    }

    private async Task<(ProjectDto Project, TestUser Staff)> ProjectAsync()
    {
        var unit = await _api.CreateUnitAsync();
        var staff = await _api.CreateUserAsync(unit.Id, "staff");
        var project = await _api.CreateProjectAsync(unit.Id, new { responsiblePersonId = staff.Id, industryCode = "C39" }, staff.Client);
        return (project, staff);
    }

    private async Task<(ReviewDto Review, TestUser[] Members)> OpenReviewAsync(int members, int? chairIndex = null, decimal energyTce = 16000m)
    {
        var committee = new TestUser[members];
        for (var i = 0; i < members; i++)
        {
            committee[i] = await _api.CreateUserAsync(null, "committee");
        }

        var (project, staff) = await ProjectAsync();
        var review = await (await staff.Client.PostAsJsonAsync($"/api/projects/{project.Id}/reviews",
            GoodFigures(chairIndex is { } c ? committee[c].Id : null, energyTce))).As<ReviewDto>(HttpStatusCode.Created);
        return (review, committee);
    }

    public static class Api
    {
        public static Task<HttpResponseMessage> PutScoresAsync(TestUser member, long reviewId, Dictionary<string, decimal> scores, string vote) =>
            member.Client.PutAsJsonAsync($"/api/reviews/{reviewId}/scores/me", new { scores, vote, comment = "意见" });
    }
}
