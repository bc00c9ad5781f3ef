using System.Net;
using System.Net.Http.Json;
using Pipeline.Api.Features.Imports;
using Pipeline.Api.Features.Progress;
using Pipeline.Api.Features.Projects;
using Pipeline.Api.Features.Reports;
using Pipeline.Api.Features.Reviews;
using Pipeline.Api.Features.Trips;
using Pipeline.Api.Hosting;
using Pipeline.Api.Tests.Features.Alerts;
using Pipeline.Api.Tests.Features.Imports;
using Pipeline.Api.Tests.Features.Leads;
using Pipeline.Api.Tests.Features.Reviews;
using Pipeline.Api.Tests.Features.Trips;
using Pipeline.Api.Tests.Infrastructure;
using Pipeline.Domain.Progress;
using Pipeline.Domain.Projects;

namespace Pipeline.Api.Tests.Features.Reports;

/// <summary>Reports that mean what leaders read (issue 15, items 3 and 5): the funnel's modes and 过会, who is still to chase, every unit, 达效.</summary>
public class ReportMeaningTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task Funnel_DefaultCohort_ReviewPassedRowAndEveryRateOfTheSameProjectsAtMost100()
    {
        var (unit, _) = await FunnelDataAsync();

        var funnel = await (await _api.AdminAsync()).GetFromJsonAsync<FunnelReport.Result>(
            $"/api/reports/funnel?from={factory.Today.AddDays(-100):yyyy-MM-dd}&to={factory.Today:yyyy-MM-dd}&unitId={unit}", HttpAssertions.Json);

        Assert.Equal(FunnelMode.Cohort, funnel!.Mode);
        Assert.Equal(
            [FunnelStep.Talks, FunnelStep.PreReview, FunnelStep.ReviewPassed, FunnelStep.Signed, FunnelStep.LandSupply, FunnelStep.Groundbreaking, FunnelStep.Production],
            funnel.Stages.Select(s => s.Stage));
        Assert.Equal("过会", funnel.Stages[2].StageName);
        Assert.Equal([5L, 4, 3, 3, 1, 2, 0], funnel.Stages.Select(s => s.Reached));
        Assert.Equal([null, 80m, 75m, 100m, 50m, 100m, 0m], funnel.Stages.Select(s => s.Conversion));
        Assert.Equal([100m, 80m, 60m, 60m, 20m, 40m, 0m], funnel.Stages.Select(s => s.OfCohort));
        Assert.All(funnel.Stages, s => Assert.False(string.IsNullOrWhiteSpace(s.ConversionOf)));
        Assert.Equal([1L, 1, 0, 1, 0, 3, 0], funnel.Stages.Select(s => s.Current));
    }

    [Fact]
    public async Task Funnel_PeriodMode_WhatHappenedInThePeriodWithEachRateExplained()
    {
        var (unit, _) = await FunnelDataAsync();

        var funnel = await (await _api.AdminAsync()).GetFromJsonAsync<FunnelReport.Result>(
            $"/api/reports/funnel?mode=period&from={factory.Today.AddDays(-100):yyyy-MM-dd}&to={factory.Today:yyyy-MM-dd}&unitId={unit}", HttpAssertions.Json);
        var bad = await (await _api.AdminAsync()).GetAsync("/api/reports/funnel?mode=snapshot");

        Assert.Equal(FunnelMode.Period, funnel!.Mode);
        Assert.Equal([5L, 4, 1, 3, 1, 3, 0], funnel.Stages.Select(s => s.Reached));
        Assert.Equal([null, 80m, 25m, 300m, 33.3m, 300m, 0m], funnel.Stages.Select(s => s.Conversion));
        Assert.All(funnel.Stages, s => Assert.Null(s.OfCohort));
        Assert.Contains("100%", funnel.Stages[5].ConversionOf, StringComparison.Ordinal);
        Assert.Contains("各行不是同一批项目", funnel.Explanation, StringComparison.Ordinal);
        Assert.True((await bad.Problem(HttpStatusCode.BadRequest)).HasError("mode"));
    }

    [Fact]
    public async Task Import_SignedRowWithoutPreReviewDate_NotPutIntoPreReviewOnItsSigningDay()
    {
        var unit = await _api.CreateUnitAsync();
        var person = await _api.CreateUserAsync(unit.Id, "staff");
        var admin = await _api.AdminAsync();
        var name = TestApi.Unique("台账签约项目");
        var row = new Dictionary<string, object?>
        {
            [LedgerRow.Name] = name, [LedgerRow.Industry] = "C39", [LedgerRow.TotalInvestment] = 5000m, [LedgerRow.LandMode] = "标准厂房",
            [LedgerRow.Unit] = unit.Name, [LedgerRow.Person] = person.UserName, [LedgerRow.TalksOn] = "2025-01-10", [LedgerRow.SignedOn] = "2025-04-01",
        };

        await (await ImportTests.UploadAsync(admin, [row])).Expect(HttpStatusCode.OK);
        var imported = (await admin.GetFromJsonAsync<Paged<ProjectSummary>>($"/api/projects?unitId={unit.Id}", HttpAssertions.Json))!.Items.Single();
        var history = (await admin.GetFromJsonAsync<List<HistoryEntry>>($"/api/projects/{imported.Id}/history", HttpAssertions.Json))!;
        var project = await admin.GetFromJsonAsync<ProjectDto>($"/api/projects/{imported.Id}", HttpAssertions.Json);
        var funnel = await admin.GetFromJsonAsync<FunnelReport.Result>($"/api/reports/funnel?mode=period&from=2025-04-01&to=2025-04-01&unitId={unit.Id}", HttpAssertions.Json);

        Assert.Equal([Stage.Talks, Stage.Signed], history.Select(h => h.To));
        Assert.Null(project!.PreReviewOn);
        Assert.Equal((0L, 1L), (funnel!.Stages.Single(s => s.Stage == FunnelStep.PreReview).Reached, funnel.Stages.Single(s => s.Stage == FunnelStep.Signed).Reached));
    }

    [Fact]
    public async Task SignedNotStarted_SpeechLedger_122Signed57NotStartedAndTheDroppedCountedApart()
    {
        var unit = await _api.CreateUnitAsync();
        var person = await _api.CreateUserAsync(unit.Id, "staff");
        var rows = new List<Dictionary<string, object?>>();
        Dictionary<string, object?> Row(int i, string stage, string signedOn) => new()
        {
            [LedgerRow.Name] = $"2020年签约供地项目{i:000}", [LedgerRow.Industry] = "C39", [LedgerRow.TotalInvestment] = 10000m, [LedgerRow.LandArea] = 50m,
            [LedgerRow.Unit] = unit.Name, [LedgerRow.Person] = person.UserName, [LedgerRow.Stage] = stage, [LedgerRow.TalksOn] = "2019-10-01",
            [LedgerRow.SignedOn] = signedOn,
        };
        for (var i = 0; i < 122; i++)
        {
            var signedOn = new DateOnly(2020, 1 + (i % 12), 1 + (i % 28)).ToString("yyyy-MM-dd");
            var row = Row(i, i < 65 ? "开工" : i < 70 ? "终止" : "签约", signedOn);
            if (i < 65)
            {
                row[LedgerRow.LandSuppliedOn] = "2020-12-31";
                row[LedgerRow.GroundbreakingOn] = "2021-03-01";
            }

            rows.Add(row);
        }

        // Signed the day before the period and the day after it: neither counts.
        rows.Add(Row(122, "签约", "2019-12-31"));
        rows.Add(Row(123, "签约", "2021-01-01"));
        var admin = await _api.AdminAsync();
        var import = await (await ImportTests.UploadAsync(admin, rows)).As<LedgerImport.ImportReport>();

        var report = await admin.GetFromJsonAsync<SignedNotStartedReport.Result>(
            $"/api/reports/signed-not-started?signedFrom=2020-01-01&signedTo=2020-12-31&asOf=2021-05-31&landMode=newLand&unitId={unit.Id}&pageSize=200", HttpAssertions.Json);

        Assert.Equal(124, import.Created);
        Assert.Equal((122L, 65L, 57L, 5L, 52L), (report!.Signed, report.Started, report.NotStarted, report.Dropped, report.ToChase));
        Assert.Equal((52L, 52), (report.Projects.Total, report.Projects.Items.Count));
        Assert.All(report.Projects.Items, p => Assert.Equal(Stage.Signed, p.Stage));
        Assert.Equal(53.3m, report.StartRate);
    }

    [Fact]
    public async Task Performance_UnitsWithoutAnySigning_ListedWithZeros()
    {
        var parent = await _api.CreateUnitAsync();
        var busy = await _api.CreateUnitAsync(parentId: parent.Id);
        var idle = await _api.CreateUnitAsync(parentId: parent.Id);
        var person = await _api.CreateUserAsync(busy.Id, "staff");
        var t = factory.Today;
        await ProjectPath.WalkAsync(_api, busy.Id, person.Id, "newLand", t.AddDays(-30), 8000m, ("preReview", t.AddDays(-20)), ("signed", t.AddDays(-10)));

        var report = await (await _api.AdminAsync()).GetFromJsonAsync<PerformanceReport.Result>(
            $"/api/reports/performance?from={t.AddDays(-60):yyyy-MM-dd}&to={t:yyyy-MM-dd}&unitId={parent.Id}", HttpAssertions.Json);

        Assert.Equal([parent.Id, busy.Id, idle.Id], report!.Units.Select(u => u.UnitId));
        Assert.Equal((1L, 8000m), (report.Units[1].SignedCount, report.Units[1].SignedAmount));
        Assert.All(new[] { report.Units[0], report.Units[2] }, u => Assert.Equal((0L, 0m, 0L, (decimal?)null), (u.SignedCount, u.SignedAmount, u.StartedCount, u.StartRate)));
        Assert.Equal(1L, report.Total.SignedCount);
    }

    [Fact]
    public async Task Ranking_UnitWithoutTargets_ListedUnrankedWithWhatItDid()
    {
        var unit = await _api.CreateUnitAsync();
        var person = await _api.CreateUserAsync(unit.Id, "staff");
        var t = factory.Today;
        await ProjectPath.WalkAsync(_api, unit.Id, person.Id, "newLand", new DateOnly(t.Year, 1, 5), 6000m,
            ("preReview", new DateOnly(t.Year, 1, 10)), ("signed", new DateOnly(t.Year, 2, 1)));
        var idle = await _api.CreateUnitAsync();
        var admin = await _api.AdminAsync();
        await (await TestApi.SendAsync(admin, HttpMethod.Put, $"/api/unit-targets/{t.Year}/{idle.Id}",
            new { signedCount = 2, signedAmount = 20000m, startedCount = 1 }, null)).Expect(HttpStatusCode.OK);

        var ranking = await admin.GetFromJsonAsync<UnitRankingReport.Result>($"/api/reports/unit-ranking?year={t.Year}", HttpAssertions.Json);

        var unranked = Assert.Single(ranking!.Unranked, u => u.UnitId == unit.Id);
        Assert.Equal((1, 6000m, 0), (unranked.Results.SignedCount, unranked.Results.SignedAmount, unranked.Results.StartedCount));
        Assert.DoesNotContain(ranking.Units, u => u.UnitId == unit.Id);
        var zero = Assert.Single(ranking.Units, u => u.UnitId == idle.Id);
        Assert.Equal((0, 0m, 0m), (zero.Results.SignedCount, zero.Results.SignedAmount, zero.Score.Total));
    }

    [Fact]
    public async Task Trip_ItsOnlyLeadDropped_FlaggedNoResultInTheTripAndTheReport()
    {
        var unit = await _api.CreateUnitAsync();
        var staff = await _api.CreateUserAsync(unit.Id, "staff");
        var t = factory.Today;
        var trip = await (await staff.Client.PostAsJsonAsync("/api/trips", TripTests.Trip(t, t.AddDays(1), lateReason: "临时对接"))).As<TripDto>(HttpStatusCode.Created);
        await _api.ApproveTripAsync(trip.Id);
        var lead = await LeadTests.CreateLeadAsync(staff.Client, unit.Id, TestApi.Unique("甲"), tripId: trip.Id);
        await (await staff.Client.PostAsJsonAsync($"/api/trips/{trip.Id}/report", new
        {
            summary = "走访一家企业",
            visits = new[] { new { companyName = "甲公司", on = t, metWith = "总经理", outcome = "有意向" } },
            leadIds = new[] { lead.Id },
        })).Expect(HttpStatusCode.OK);
        var before = await staff.Client.GetFromJsonAsync<TripDto>($"/api/trips/{trip.Id}", HttpAssertions.Json);

        await (await staff.Client.PostAsJsonAsync($"/api/leads/{lead.Id}/drop", new { reason = "企业放弃投资" })).Expect(HttpStatusCode.OK);
        var after = await staff.Client.GetFromJsonAsync<TripDto>($"/api/trips/{trip.Id}", HttpAssertions.Json);
        var report = await (await _api.AdminAsync()).GetFromJsonAsync<TripsReport.Result>(
            $"/api/reports/trips?from={t.AddDays(-1):yyyy-MM-dd}&to={t.AddDays(1):yyyy-MM-dd}&unitId={unit.Id}", HttpAssertions.Json);

        Assert.False(before!.NoResult);
        Assert.True(after!.NoResult);
        Assert.Equal(1, Assert.Single(report!.Units).NoResultTrips);
    }

    [Fact]
    public async Task Attainment_ReportedYearAgainstReviewAndStandard_ProgressSaysAndPerformanceCounts()
    {
        var unit = await _api.CreateUnitAsync();
        var staff = await _api.CreateUserAsync(unit.Id, "staff");
        var committee = new List<TestUser>();
        for (var i = 0; i < 3; i++)
        {
            committee.Add(await _api.CreateUserAsync(null, "committee"));
        }

        var attained = await ProducingAfterReviewAsync(unit.Id, staff, committee);
        var shortOfPromise = await ProducingAfterReviewAsync(unit.Id, staff, committee);
        var unreported = await ProducingAfterReviewAsync(unit.Id, staff, committee);
        var admin = await _api.AdminAsync();
        var year = factory.Today.Year;

        // Promised at review: tax 40, output 800 per 亩, energy 0.2 吨标煤/万元; C39's standard: 30, 600, 0.3.
        var good = await (await admin.PutAsJsonAsync($"/api/projects/{attained}/performance/{year}", new { tax = 4500m, output = 85000m, energyTce = 15000m })).As<ProgressDto>();
        var short_ = await (await admin.PutAsJsonAsync($"/api/projects/{shortOfPromise}/performance/{year}", new { tax = 3500m, output = 90000m, energyTce = 9000m })).As<ProgressDto>();
        var none = await admin.GetFromJsonAsync<ProgressDto>($"/api/projects/{unreported}/progress", HttpAssertions.Json);
        var report = await admin.GetFromJsonAsync<PerformanceReport.Result>(
            $"/api/reports/performance?from={year}-01-01&to={factory.Today:yyyy-MM-dd}&unitId={unit.Id}", HttpAssertions.Json);

        Assert.Equal((AttainmentState.Attained, year), (good.Attainment.State, good.Attainment.Year!.Value));
        var tax = good.Attainment.Indicators.Single(i => i.Indicator == Domain.Reviews.Indicator.TaxPerMu);
        Assert.Equal((45m, 40m, 30m, true, true), (tax.Actual!.Value, tax.Promised!.Value, tax.Standard!.Min!.Value, tax.MeetsPromise!.Value, tax.MeetsStandard!.Value));
        Assert.Equal(AttainmentState.NotAttained, short_.Attainment.State);
        var shortTax = short_.Attainment.Indicators.Single(i => i.Indicator == Domain.Reviews.Indicator.TaxPerMu);
        Assert.Equal((35m, false, true), (shortTax.Actual!.Value, shortTax.MeetsPromise!.Value, shortTax.MeetsStandard!.Value));
        Assert.Equal(AttainmentState.NotReported, none!.Attainment.State);
        var row = Assert.Single(report!.Units);
        Assert.Equal((1, 1, 1), (row.AttainedProjects, row.NotAttainedProjects, row.UnjudgedProjects));
    }

    /// <summary>A C39 project on 100 亩 in an existing building that passed its review (the figures of <see cref="ReviewTests.GoodFigures"/>) and is producing.</summary>
    private async Task<long> ProducingAfterReviewAsync(long unit, TestUser staff, IReadOnlyList<TestUser> committee)
    {
        var project = await _api.CreateProjectAsync(unit, new { responsiblePersonId = staff.Id, landMode = "existingBuilding", landAreaMu = 100m, talksStartedOn = factory.Today.AddDays(-300) }, staff.Client);
        var review = await (await staff.Client.PostAsJsonAsync($"/api/projects/{project.Id}/reviews", ReviewTests.GoodFigures())).As<ReviewDto>(HttpStatusCode.Created);
        foreach (var member in committee)
        {
            await (await ReviewTests.Api.PutScoresAsync(member, review.Id, ReviewTests.Scores(0.8m), "approve")).Expect(HttpStatusCode.OK);
        }

        var admin = await _api.AdminAsync();
        await (await admin.PostAsJsonAsync($"/api/reviews/{review.Id}/decision", new { })).Expect(HttpStatusCode.OK);
        var current = await admin.GetFromJsonAsync<ProjectDto>($"/api/projects/{project.Id}", HttpAssertions.Json);
        current = await (await TestApi.TransitionAsync(admin, current!, new { to = "signed", contractAmount = 20000m })).As<ProjectDto>();
        current = await (await TestApi.TransitionAsync(admin, current, new { to = "groundbreaking" })).As<ProjectDto>();
        await (await TestApi.TransitionAsync(admin, current, new { to = "production" })).Expect(HttpStatusCode.OK);
        return project.Id;
    }

    /// <summary>
    /// Five projects that entered talks in the last 100 days and one from before, in a unit of their own: one passes its
    /// review and signs today; one applies and waits; one signs without a review and breaks ground; one stays in talks; one
    /// in an existing building breaks ground; the old one broke ground within the 100 days.
    /// </summary>
    private async Task<(long Unit, long Person)> FunnelDataAsync()
    {
        var (unit, person) = await new AlertSubjects(_api, factory.Today).OwnersAsync();
        var t = factory.Today;
        var admin = await _api.AdminAsync();
        var committee = new List<TestUser>();
        for (var i = 0; i < 3; i++)
        {
            committee.Add(await _api.CreateUserAsync(null, "committee"));
        }

        var passed = await _api.CreateProjectAsync(unit, new { responsiblePersonId = person, talksStartedOn = t.AddDays(-90), totalInvestment = 1000m });
        var review = await (await admin.PostAsJsonAsync($"/api/projects/{passed.Id}/reviews", ReviewTests.GoodFigures())).As<ReviewDto>(HttpStatusCode.Created);
        foreach (var member in committee)
        {
            await (await ReviewTests.Api.PutScoresAsync(member, review.Id, ReviewTests.Scores(0.8m), "approve")).Expect(HttpStatusCode.OK);
        }

        await (await admin.PostAsJsonAsync($"/api/reviews/{review.Id}/decision", new { })).Expect(HttpStatusCode.OK);
        var current = await admin.GetFromJsonAsync<ProjectDto>($"/api/projects/{passed.Id}", HttpAssertions.Json);
        await (await TestApi.TransitionAsync(admin, current!, new { to = "signed", contractAmount = 1000m })).Expect(HttpStatusCode.OK);

        var waiting = await _api.CreateProjectAsync(unit, new { responsiblePersonId = person, talksStartedOn = t.AddDays(-80), totalInvestment = 2000m });
        await (await admin.PostAsJsonAsync($"/api/projects/{waiting.Id}/reviews", ReviewTests.GoodFigures())).Expect(HttpStatusCode.Created);

        await ProjectPath.WalkAsync(_api, unit, person, "newLand", t.AddDays(-70), 3000m,
            ("preReview", t.AddDays(-60)), ("signed", t.AddDays(-50)), ("landSupply", t.AddDays(-40)), ("groundbreaking", t.AddDays(-30)));
        await ProjectPath.WalkAsync(_api, unit, person, "newLand", t.AddDays(-60), 4000m);
        await ProjectPath.WalkAsync(_api, unit, person, "existingBuilding", t.AddDays(-50), 5000m,
            ("preReview", t.AddDays(-45)), ("signed", t.AddDays(-40)), ("groundbreaking", t.AddDays(-30)));
        await ProjectPath.WalkAsync(_api, unit, person, "newLand", t.AddDays(-300), 6000m,
            ("preReview", t.AddDays(-250)), ("signed", t.AddDays(-200)), ("landSupply", t.AddDays(-150)), ("groundbreaking", t.AddDays(-20)));
        return (unit, person);
    }
}
