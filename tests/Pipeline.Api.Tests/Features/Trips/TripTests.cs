using System.Net;
using System.Net.Http.Json;
using Pipeline.Api.Features.Trips;
using Pipeline.Api.Hosting;
using Pipeline.Api.Tests.Features.Leads;
using Pipeline.Api.Tests.Infrastructure;
using Pipeline.Domain.Trips;

namespace Pipeline.Api.Tests.Features.Trips;

public class TripTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task Register_DayBeforeStart_OnTimeWithReportDue15DaysAfterEnd()
    {
        var (staff, _) = await StaffAsync();

        var response = await staff.Client.PostAsJsonAsync("/api/trips", Trip(factory.Today.AddDays(1), factory.Today.AddDays(3)));
        var trip = await response.As<TripDto>(HttpStatusCode.Created);

        Assert.False(trip.Late);
        Assert.Equal(TripStatus.Registered, trip.Status);
        Assert.Equal(3, trip.Days);
        Assert.Equal(factory.Today.AddDays(18), trip.ReportDueOn);
        Assert.Equal([staff.Id], trip.ParticipantIds);
        Assert.Equal("深圳云帆智能装备有限公司", Assert.Single(trip.Targets).Name);
    }

    [Fact]
    public async Task Register_NoTarget_Returns400NamingTheRule()
    {
        var (staff, _) = await StaffAsync();

        var problem = await (await staff.Client.PostAsJsonAsync("/api/trips", Trip(factory.Today.AddDays(2), factory.Today.AddDays(3), targets: [])))
            .Problem(HttpStatusCode.BadRequest);

        Assert.Contains("明确目标", problem.Error("targets"));
    }

    [Fact]
    public async Task Register_EndBeforeStartAndAmbiguousTarget_Returns400()
    {
        var (staff, _) = await StaffAsync();

        var problem = await (await staff.Client.PostAsJsonAsync("/api/trips",
            Trip(factory.Today.AddDays(3), factory.Today.AddDays(2), targets: [new { name = "甲公司", companyId = 1 }])))
            .Problem(HttpStatusCode.BadRequest);

        Assert.True(problem.HasError("endOn"));
        Assert.Contains("只填写其中一项", problem.Error("targets[0]"));
    }

    [Fact]
    public async Task Register_StartingToday_409LateRegistrationAndNothingSaved()
    {
        var (staff, unit) = await StaffAsync();

        var problem = await (await staff.Client.PostAsJsonAsync("/api/trips", Trip(factory.Today, factory.Today.AddDays(1)))).Problem(HttpStatusCode.Conflict);
        var list = await staff.Client.GetFromJsonAsync<Paged<TripSummary>>($"/api/trips?unitId={unit}", HttpAssertions.Json);

        Assert.Equal("trip.lateRegistration", problem.Code);
        Assert.Contains("lateReason", problem.Detail);
        Assert.Equal(0, list!.Total);
    }

    [Fact]
    public async Task Register_LateWithReason_AcceptedAndFlaggedLate()
    {
        var (staff, _) = await StaffAsync();

        var trip = await (await staff.Client.PostAsJsonAsync("/api/trips", Trip(factory.Today, factory.Today.AddDays(1), lateReason: "客商临时约见")))
            .As<TripDto>(HttpStatusCode.Created);

        Assert.True(trip.Late);
        Assert.Equal("客商临时约见", trip.LateReason);
    }

    [Fact]
    public async Task Register_UnknownParticipantOrTarget_Returns400()
    {
        var (staff, _) = await StaffAsync();

        var problem = await (await staff.Client.PostAsJsonAsync("/api/trips",
            Trip(factory.Today.AddDays(2), factory.Today.AddDays(3), targets: [new { leadId = 99999999 }], participants: [staff.Id, 88888888])))
            .Problem(HttpStatusCode.BadRequest);

        Assert.True(problem.HasError("participantIds"));
        Assert.Contains("目标线索", problem.Error("targets"));
    }

    [Fact]
    public async Task Register_ByLeader_Returns403()
    {
        var leader = await _api.CreateUserAsync(null, "leader");

        await (await leader.Client.PostAsJsonAsync("/api/trips", Trip(factory.Today.AddDays(2), factory.Today.AddDays(3)))).Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Report_VisitOutsideTheTrip_Returns400AndTripStaysApproved()
    {
        var (staff, _) = await StaffAsync();
        var trip = await RegisterStartedTripAsync(staff);

        var problem = await (await staff.Client.PostAsJsonAsync($"/api/trips/{trip.Id}/report", new
        {
            summary = "走访两家",
            visits = new[] { new { companyName = "甲公司", on = trip.EndOn.AddDays(1), metWith = "总经理", outcome = "有意向" } },
        })).Problem(HttpStatusCode.BadRequest);

        Assert.Contains(trip.StartOn.ToString("yyyy-MM-dd"), problem.Error("visits[0].on"));
        Assert.Equal(TripStatus.Approved, (await staff.Client.GetFromJsonAsync<TripDto>($"/api/trips/{trip.Id}", HttpAssertions.Json))!.Status);
    }

    [Fact]
    public async Task Report_BeforeTheTripStarts_Returns409()
    {
        var (staff, _) = await StaffAsync();
        var trip = await (await staff.Client.PostAsJsonAsync("/api/trips", Trip(factory.Today.AddDays(5), factory.Today.AddDays(6)))).As<TripDto>(HttpStatusCode.Created);

        var problem = await (await staff.Client.PostAsJsonAsync($"/api/trips/{trip.Id}/report", new { summary = "x" })).Problem(HttpStatusCode.Conflict);

        Assert.Equal("trip.notReportable", problem.Code);
    }

    [Fact]
    public async Task Report_WithVisitsAndALead_CompletedWithResult()
    {
        var (staff, unit) = await StaffAsync();
        var trip = await RegisterStartedTripAsync(staff);
        var lead = await LeadTests.CreateLeadAsync(staff.Client, unit, "深圳云帆智能装备有限公司");

        var reported = await (await staff.Client.PostAsJsonAsync($"/api/trips/{trip.Id}/report", new
        {
            summary = "拜访云帆智能，对方有意在开发区设立生产基地",
            visits = new[] { new { companyName = "深圳云帆智能装备有限公司", on = trip.StartOn, metWith = "董事长", outcome = "达成初步意向" } },
            leadIds = new[] { lead.Id },
        })).As<TripDto>();

        Assert.Equal(TripStatus.Completed, reported.Status);
        Assert.False(reported.NoResult);
        Assert.Equal([lead.Id], reported.LeadIds);
        Assert.Equal("董事长", Assert.Single(reported.VisitList).MetWith);
    }

    [Fact]
    public async Task Report_WithoutLeads_FlaggedNoResult()
    {
        var (staff, unit) = await StaffAsync();
        var trip = await RegisterStartedTripAsync(staff);

        await (await staff.Client.PostAsJsonAsync($"/api/trips/{trip.Id}/report", new
        {
            summary = "考察",
            visits = new[] { new { companyName = "甲公司", on = trip.StartOn, metWith = "经理", outcome = "暂无投资计划" } },
        })).Expect(HttpStatusCode.OK);
        var listed = await staff.Client.GetFromJsonAsync<Paged<TripSummary>>($"/api/trips?unitId={unit}&status=completed", HttpAssertions.Json);

        Assert.True(Assert.Single(listed!.Items).NoResult);
    }

    [Fact]
    public async Task Report_LeadOfAnotherTrip_Returns400()
    {
        var (staff, unit) = await StaffAsync();
        var first = await RegisterStartedTripAsync(staff);
        var second = await RegisterStartedTripAsync(staff);
        var lead = await LeadTests.CreateLeadAsync(staff.Client, unit, "乙公司", tripId: first.Id);

        var problem = await (await staff.Client.PostAsJsonAsync($"/api/trips/{second.Id}/report", new { summary = "x", leadIds = new[] { lead.Id } }))
            .Problem(HttpStatusCode.BadRequest);

        Assert.Contains($"来自外出招商 {first.Id}", problem.Error("leadIds"));
    }

    [Fact]
    public async Task Cancel_BeforeStart_CancelledButNotAfterItStarted()
    {
        var (staff, _) = await StaffAsync();
        var future = await (await staff.Client.PostAsJsonAsync("/api/trips", Trip(factory.Today.AddDays(3), factory.Today.AddDays(4)))).As<TripDto>(HttpStatusCode.Created);
        var started = await RegisterStartedTripAsync(staff);

        var cancelled = await (await staff.Client.PostAsJsonAsync($"/api/trips/{future.Id}/cancel", new { reason = "客商行程变更" })).As<TripDto>();
        var refused = await (await staff.Client.PostAsJsonAsync($"/api/trips/{started.Id}/cancel", new { reason = "x" })).Problem(HttpStatusCode.Conflict);

        Assert.Equal(TripStatus.Cancelled, cancelled.Status);
        Assert.Equal("客商行程变更", cancelled.CancelReason);
        Assert.Equal("trip.notCancellable", refused.Code);
    }

    [Fact]
    public async Task Scope_StaffOfAnotherUnit_NotFoundButLeaderReads()
    {
        var (staff, _) = await StaffAsync();
        var (other, _) = await StaffAsync();
        var leader = await _api.CreateUserAsync(null, "leader");
        var trip = await (await staff.Client.PostAsJsonAsync("/api/trips", Trip(factory.Today.AddDays(3), factory.Today.AddDays(4)))).As<TripDto>(HttpStatusCode.Created);

        await (await other.Client.GetAsync($"/api/trips/{trip.Id}")).Problem(HttpStatusCode.NotFound);
        await (await other.Client.PostAsJsonAsync($"/api/trips/{trip.Id}/cancel", new { })).Problem(HttpStatusCode.NotFound);
        await (await leader.Client.GetAsync($"/api/trips/{trip.Id}")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Register_Audited()
    {
        var (staff, _) = await StaffAsync();
        var trip = await (await staff.Client.PostAsJsonAsync("/api/trips", Trip(factory.Today.AddDays(3), factory.Today.AddDays(4)))).As<TripDto>(HttpStatusCode.Created);

        var audit = await (await _api.AuditorAsync()).GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/audit?entity=trip&entityId={trip.Id}", HttpAssertions.Json);

        Assert.Equal("register", Assert.Single(audit.GetProperty("items").EnumerateArray()).GetProperty("action").GetString());
    }

    private async Task<(TestUser Staff, long Unit)> StaffAsync()
    {
        var unit = await _api.CreateUnitAsync();
        return (await _api.CreateUserAsync(unit.Id, "staff"), unit.Id);
    }

    /// <summary>A trip that began today (registered late, with a reason), so it can be reported at once.</summary>
    /// <summary>A trip registered late (it starts today) and approved, so that it can be reported.</summary>
    private async Task<TripDto> RegisterStartedTripAsync(TestUser staff)
    {
        var trip = await (await staff.Client.PostAsJsonAsync("/api/trips", Trip(factory.Today, factory.Today.AddDays(2), lateReason: "临时安排")))
            .As<TripDto>(HttpStatusCode.Created);
        return await _api.ApproveTripAsync(trip.Id);
    }

    public static object Trip(DateOnly start, DateOnly end, object[]? targets = null, long[]? participants = null, string? lateReason = null) => new
    {
        purpose = "对接智能装备产业链项目",
        destination = "广东深圳",
        startOn = start,
        endOn = end,
        participantIds = participants,
        targets = targets ?? [new { name = "深圳云帆智能装备有限公司" }],
        lateReason,
    };
}

/// <summary>Time-zone edge: "today" is the city's date, not UTC's.</summary>
public class TripTimeZoneTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    [Fact]
    public async Task Register_AfterMidnightInShanghaiButBeforeInUtc_UsesTheCityDate()
    {
        var now = factory.Clock.GetUtcNow();
        factory.Clock.Advance(new DateTimeOffset(now.Year, now.Month, now.Day, 16, 30, 0, TimeSpan.Zero) - now);
        var utcDate = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime);
        var api = new TestApi(factory);
        var unit = await api.CreateUnitAsync();
        var staff = await api.CreateUserAsync(unit.Id, "staff");

        // 16:30 UTC is 00:30 the next day in Shanghai: a trip starting "tomorrow" by UTC starts today in the city.
        var problem = await (await staff.Client.PostAsJsonAsync("/api/trips", TripTests.Trip(utcDate.AddDays(1), utcDate.AddDays(2)))).Problem(HttpStatusCode.Conflict);

        Assert.Equal(utcDate.AddDays(1), factory.Today);
        Assert.Equal("trip.lateRegistration", problem.Code);
    }
}

/// <summary>The report-due boundary, with the fake clock (its own factory: the test moves time).</summary>
public class TripOverdueTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    [Fact]
    public async Task ReportOverdue_DayAfterTheDueDate_FlaggedUntilReported()
    {
        var api = new TestApi(factory);
        var unit = await api.CreateUnitAsync();
        var staff = await api.CreateUserAsync(unit.Id, "staff");
        var trip = await (await staff.Client.PostAsJsonAsync("/api/trips", TripTests.Trip(factory.Today.AddDays(1), factory.Today.AddDays(2))))
            .As<TripDto>(HttpStatusCode.Created);
        await api.ApproveTripAsync(trip.Id);

        factory.Clock.Advance(TimeSpan.FromDays(2 + 15));
        var onDueDate = await (await api.SignInAsync(staff.UserName, staff.Password)).GetFromJsonAsync<TripDto>($"/api/trips/{trip.Id}", HttpAssertions.Json);
        factory.Clock.Advance(TimeSpan.FromDays(1));
        var client = await api.SignInAsync(staff.UserName, staff.Password);
        var dayAfter = await client.GetFromJsonAsync<Paged<TripSummary>>($"/api/trips?unitId={unit.Id}", HttpAssertions.Json);
        var reported = await (await client.PostAsJsonAsync($"/api/trips/{trip.Id}/report", new { summary = "补报" })).As<TripDto>();

        Assert.Equal(factory.Today.AddDays(-1), onDueDate!.ReportDueOn);
        Assert.False(onDueDate.ReportOverdue);
        Assert.True(Assert.Single(dayAfter!.Items).ReportOverdue);
        Assert.False(reported.ReportOverdue);
        Assert.True(reported.NoResult);
    }
}
