using System.Net;
using System.Net.Http.Json;
using Pipeline.Api.Features.Land;
using Pipeline.Api.Features.Projects;
using Pipeline.Api.Features.Reports;
using Pipeline.Api.Tests.Features.Alerts;
using Pipeline.Api.Tests.Features.Leads;
using Pipeline.Api.Tests.Features.Reviews;
using Pipeline.Api.Tests.Infrastructure;

namespace Pipeline.Api.Tests.Features.Reports;

/// <summary>The ranking covers every unit with targets for a year, so this class has a host of its own.</summary>
public class UnitRankingTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    [Fact]
    public async Task Ranking_KnownResults_OrderBreakdownDeductionsAndTwoYearFlag()
    {
        var api = new TestApi(factory);
        var admin = await api.AdminAsync();
        var leader = await api.CreateUserAsync(null, "leader");
        var t = factory.Today;
        var units = new List<(long Id, long Person)>();
        for (var i = 0; i < 3; i++)
        {
            var unit = await api.CreateUnitAsync();
            units.Add((unit.Id, (await api.CreateUserAsync(unit.Id, "staff")).Id));
            await (await TestApi.SendAsync(admin, HttpMethod.Put, $"/api/unit-targets/{t.Year}/{unit.Id}",
                new { signedCount = 2, signedAmount = 20000m, startedCount = 1 }, null)).Expect(HttpStatusCode.OK);
            await (await TestApi.SendAsync(admin, HttpMethod.Put, $"/api/unit-targets/{t.Year - 1}/{unit.Id}",
                new { signedCount = 1, signedAmount = 1000m, startedCount = 0 }, null)).Expect(HttpStatusCode.OK);
        }

        var (u1, p1) = units[0];
        var (u2, p2) = units[1];
        var (u3, _) = units[2];
        // Unit 1: both targets met this year, and last year's too.
        await ProjectPath.WalkAsync(api, u1, p1, "existingBuilding", new DateOnly(t.Year, 1, 5), 10000m,
            ("preReview", new DateOnly(t.Year, 1, 10)), ("signed", new DateOnly(t.Year, 2, 1)), ("groundbreaking", new DateOnly(t.Year, 4, 1)));
        await ProjectPath.WalkAsync(api, u1, p1, "newLand", new DateOnly(t.Year, 1, 5), 10000m, ("preReview", new DateOnly(t.Year, 1, 10)), ("signed", new DateOnly(t.Year, 3, 1)));
        await ProjectPath.WalkAsync(api, u1, p1, "newLand", new DateOnly(t.Year - 1, 1, 5), 1000m,
            ("preReview", new DateOnly(t.Year - 1, 1, 10)), ("signed", new DateOnly(t.Year - 1, 2, 1)), ("landSupply", new DateOnly(t.Year - 1, 3, 1)),
            ("groundbreaking", new DateOnly(t.Year - 1, 6, 1)));
        // Unit 2: half its signings, nothing started, one project signed last year and stalled past its planned start, one false lead.
        await ProjectPath.WalkAsync(api, u2, p2, "newLand", new DateOnly(t.Year, 1, 5), 10000m, ("preReview", new DateOnly(t.Year, 1, 10)), ("signed", t.AddDays(-40)));
        var stalled = await ProjectPath.WalkAsync(api, u2, p2, "newLand", new DateOnly(t.Year - 1, 6, 1), 3000m, ("preReview", new DateOnly(t.Year - 1, 7, 1)));
        await TestApi.TransitionAsync(admin, stalled, new { to = "signed", on = new DateOnly(t.Year - 1, 10, 1), contractAmount = 3000m, plannedGroundbreakingOn = new DateOnly(t.Year, 3, 1) });
        var unit2Staff = await api.SignInAsync((await admin.GetFromJsonAsync<Api.Features.Users.UserDto>($"/api/users/{p2}", HttpAssertions.Json))!.UserName, TestApi.Password);
        var lead = await LeadTests.CreateLeadAsync(unit2Staff, u2, TestApi.Unique("虚报公司"));
        await (await leader.Client.PostAsJsonAsync($"/api/leads/{lead.Id}/mark-false", new { reason = "查无此事" })).Expect(HttpStatusCode.OK);

        var ranking = await admin.GetFromJsonAsync<UnitRankingReport.Result>($"/api/reports/unit-ranking?year={t.Year}", HttpAssertions.Json);
        var export = await admin.GetAsync($"/api/reports/unit-ranking?year={t.Year}&format=xlsx");

        Assert.Equal([u1, u2, u3], ranking!.Units.Select(u => u.UnitId));
        Assert.Equal([1, 2, 3], ranking.Units.Select(u => u.Rank));
        // No project filed a monthly update (月度调度): each month from January to May it owed since signing costs a point.
        var first = ranking.Units[0];
        Assert.Equal((40m, 40m, 20m, 4 + 3 + 5, 12m, 88m, false), (first.Score.SignedCount, first.Score.SignedAmount, first.Score.StartedCount,
            first.Results.MissingUpdates, first.Score.MissingUpdateDeduction, first.Score.Total, first.BelowTargetsTwoYears));
        var second = ranking.Units[1];
        Assert.Equal((1, 10000m, 0, 1, 1, 1 + 5), (second.Results.SignedCount, second.Results.SignedAmount, second.Results.StartedCount,
            second.Results.StalledProjects, second.Results.FalseLeads, second.Results.MissingUpdates));
        Assert.Equal((20m, 20m, 0m, 2m, 5m, 6m, 27m), (second.Score.SignedCount, second.Score.SignedAmount, second.Score.StartedCount,
            second.Score.StalledDeduction, second.Score.FalseLeadDeduction, second.Score.MissingUpdateDeduction, second.Score.Total));
        Assert.False(second.BelowTargetsTwoYears);
        Assert.Equal((0m, true), (ranking.Units[2].Score.Total, ranking.Units[2].BelowTargetsTwoYears));
        await export.Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Ranking_UpdatesFiledAndKeyProjects_CountsOnlyOwedMonthsNotFiledInTime()
    {
        // A host of its own: the clock moves on to July, past June's due day.
        await using var host = new PipelineFactory();
        var api = new TestApi(host);
        var admin = await api.AdminAsync();
        var subjects = new AlertSubjects(api, host.Today);
        var year = host.Today.Year;
        var unit = await api.CreateUnitAsync();
        var person = (await api.CreateUserAsync(unit.Id, "staff")).Id;
        await (await TestApi.SendAsync(admin, HttpMethod.Put, $"/api/unit-targets/{year}/{unit.Id}",
            new { signedCount = 1, signedAmount = 1000m, startedCount = 1 }, null)).Expect(HttpStatusCode.OK);
        // Signed in February and in production from 10 April: it owed February and March.
        await ProjectPath.WalkAsync(api, unit.Id, person, "existingBuilding", new DateOnly(year, 1, 5), 1000m, ("preReview", new DateOnly(year, 1, 10)),
            ("signed", new DateOnly(year, 2, 1)), ("groundbreaking", new DateOnly(year, 3, 1)), ("production", new DateOnly(year, 4, 10)));
        // A key project in talks since 5 March owes March to June; June's update is filed in time, May's late.
        var key = await api.CreateProjectAsync(unit.Id, new { responsiblePersonId = person, isKey = true, talksStartedOn = new DateOnly(year, 3, 5) });
        await subjects.FileUpdateAsync(key, new DateOnly(year, 6, 1));
        await subjects.FileUpdateAsync(key, new DateOnly(year, 5, 1));
        // A dropped key project owes nothing.
        var dropped = await api.CreateProjectAsync(unit.Id, new { responsiblePersonId = person, isKey = true, talksStartedOn = new DateOnly(year, 1, 10) });
        await subjects.MoveAsync(dropped, new { to = "dropped", reasonCode = "other", note = "测试终止" });
        host.Clock.Advance(TimeSpan.FromDays(21));
        var reader = await new TestApi(host).AdminAsync();

        var ranking = await reader.GetFromJsonAsync<UnitRankingReport.Result>($"/api/reports/unit-ranking?year={year}", HttpAssertions.Json);
        var second = await reader.GetFromJsonAsync<UnitRankingReport.Result>($"/api/reports/unit-ranking?year={year}&quarter=2", HttpAssertions.Json);

        Assert.Equal(2 + 3, ranking!.Units.Single(u => u.UnitId == unit.Id).Results.MissingUpdates);
        // April to June: the key project's April and May.
        Assert.Equal(2, second!.Units.Single(u => u.UnitId == unit.Id).Results.MissingUpdates);
    }

    [Fact]
    public async Task Targets_ChangedWithoutETag_Returns428AndByStaff403()
    {
        var api = new TestApi(factory);
        var unit = await api.CreateUnitAsync();
        var admin = await api.AdminAsync();
        var staff = await api.CreateUserAsync(unit.Id, "staff");
        await (await TestApi.SendAsync(admin, HttpMethod.Put, $"/api/unit-targets/2030/{unit.Id}", new { signedCount = 1, signedAmount = 1m, startedCount = 1 }, null)).Expect(HttpStatusCode.OK);

        await (await TestApi.SendAsync(admin, HttpMethod.Put, $"/api/unit-targets/2030/{unit.Id}", new { signedCount = 2, signedAmount = 1m, startedCount = 1 }, null))
            .Problem(HttpStatusCode.PreconditionRequired);
        await (await TestApi.SendAsync(staff.Client, HttpMethod.Put, $"/api/unit-targets/2030/{unit.Id}", new { signedCount = 2, signedAmount = 1m, startedCount = 1 }, 1))
            .Problem(HttpStatusCode.Forbidden);
    }
}

/// <summary>The land account is city-wide, so this class has a host of its own and one test.</summary>
public class LandTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    [Fact]
    public async Task LandReport_QuotaSuppliedDemandedRemaining()
    {
        var api = new TestApi(factory);
        var admin = await api.AdminAsync();
        var t = factory.Today;
        var (unit, person) = await new AlertSubjects(api, t).OwnersAsync();
        await (await TestApi.SendAsync(admin, HttpMethod.Put, $"/api/land-plans/{t.Year}", new { quotaMu = 5000m }, null)).Expect(HttpStatusCode.OK);
        var parcelA = await (await admin.PostAsJsonAsync("/api/parcels", new
        {
            code = "GX-2026-01", location = "高新区纬一路北", areaMu = 100m,
            outline = new { type = "Polygon", coordinates = new[] { new[] { new[] { 117.1, 36.6 }, new[] { 117.2, 36.6 }, new[] { 117.2, 36.7 }, new[] { 117.1, 36.6 } } } },
        })).As<ParcelDto>(HttpStatusCode.Created);
        await (await admin.PostAsJsonAsync("/api/parcels", new { code = "GX-2026-02", location = "高新区经二路东", areaMu = 200m })).Expect(HttpStatusCode.Created);

        var supplied = await ProjectPath.WalkAsync(api, unit, person, "newLand", new DateOnly(t.Year, 1, 2), 8000m,
            ("preReview", new DateOnly(t.Year, 1, 5)), ("signed", new DateOnly(t.Year, 2, 1)));
        supplied = await (await TestApi.TransitionAsync(admin, supplied, new { to = "landSupply", on = new DateOnly(t.Year, 3, 1), areaMu = 80m, parcelId = parcelA.Id })).As<ProjectDto>();
        await ProjectPath.WalkAsync(api, unit, person, "newLand", new DateOnly(t.Year - 1, 1, 2), 500m,
            ("preReview", new DateOnly(t.Year - 1, 1, 5)), ("signed", new DateOnly(t.Year - 1, 2, 1)), ("landSupply", new DateOnly(t.Year - 1, 5, 1)));
        var approved = await api.CreateProjectAsync(unit, new { responsiblePersonId = person });
        await ReviewGate.ReviewAsync(api, approved, new TestUser(1, "admin", PipelineFactory.AdminPassword, admin), 0.8m);
        var other = await ProjectPath.WalkAsync(api, unit, person, "newLand", new DateOnly(t.Year, 1, 2), 100m,
            ("preReview", new DateOnly(t.Year, 1, 5)), ("signed", new DateOnly(t.Year, 2, 1)));

        var report = await admin.GetFromJsonAsync<LandReport.Result>($"/api/reports/land?year={t.Year}", HttpAssertions.Json);
        var taken = await (await TestApi.TransitionAsync(admin, other, new { to = "landSupply", areaMu = 10m, parcelId = parcelA.Id })).Problem(HttpStatusCode.Conflict);
        var parcel = await admin.GetFromJsonAsync<ParcelDto>($"/api/parcels/{parcelA.Id}", HttpAssertions.Json);

        Assert.Equal((5000m, 80m, 100m, 4920m, 4820m, 200m),
            (report!.QuotaMu!.Value, report.SuppliedMu, report.DemandedMu, report.RemainingMu!.Value, report.UncoveredMu!.Value, report.AvailableParcelsMu));
        Assert.Equal("parcel.unavailable", taken.Code);
        Assert.Equal((ParcelStatus.Supplied, supplied.Id), (parcel!.Status, parcel.ProjectId!.Value));
        Assert.Equal("Polygon", parcel.Outline!.Value.GetProperty("type").GetString());
        Assert.Equal(parcelA.Id, supplied.ParcelId);
    }
}

/// <summary>Parcels count in the city-wide land account, so they are created away from <see cref="LandTests"/>.</summary>
public class ParcelTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    [Fact]
    public async Task Parcels_BadOutlineAndDuplicateCode_Refused()
    {
        var admin = await new TestApi(factory).AdminAsync();
        await (await admin.PostAsJsonAsync("/api/parcels", new { code = "DUP-1", location = "x", areaMu = 1m })).Expect(HttpStatusCode.Created);

        var duplicate = await (await admin.PostAsJsonAsync("/api/parcels", new { code = "DUP-1", location = "x", areaMu = 1m })).Problem(HttpStatusCode.Conflict);
        var outline = await (await admin.PostAsJsonAsync("/api/parcels", new { code = "BAD-1", location = "x", areaMu = 1m, outline = new { type = "Circle" } }))
            .Problem(HttpStatusCode.BadRequest);

        Assert.Equal("parcel.duplicateCode", duplicate.Code);
        Assert.True(outline.HasError("outline"));
    }
}
