using System.Net;
using System.Net.Http.Json;
using Pipeline.Api.Features.Trips;
using Pipeline.Api.Hosting;
using Pipeline.Api.Tests.Infrastructure;
using Pipeline.Domain.Trips;

namespace Pipeline.Api.Tests.Features.Trips;

/// <summary>A second pair of eyes on trips: the unit's head approves before departure (registered → approved → completed).</summary>
public class TripApprovalTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task Approve_ByTheUnitsHead_ThenReportable()
    {
        var (staff, head, _) = await UnitAsync();
        var trip = await RegisterAsync(staff, factory.Today, lateReason: "临时接到客商邀约");

        var unapproved = await (await staff.Client.PostAsJsonAsync($"/api/trips/{trip.Id}/report", new { summary = "x" })).Problem(HttpStatusCode.Conflict);
        var approved = await (await head.Client.PostAsJsonAsync($"/api/trips/{trip.Id}/approve", new { comment = "同意前往" })).As<TripDto>();
        var reported = await (await staff.Client.PostAsJsonAsync($"/api/trips/{trip.Id}/report", new { summary = "已对接" })).As<TripDto>();

        Assert.Equal("trip.notReportable", unapproved.Code);
        Assert.Equal((TripStatus.Approved, head.Id, factory.Today), (approved.Status, approved.ApprovedBy, approved.ApprovedOn!.Value));
        Assert.Equal(TripStatus.Completed, reported.Status);
    }

    [Fact]
    public async Task Approve_ByAnotherMemberOfTheUnit_Returns403()
    {
        var (staff, _, colleague) = await UnitAsync();
        var trip = await RegisterAsync(staff, factory.Today.AddDays(3));

        var refused = await (await colleague.Client.PostAsJsonAsync($"/api/trips/{trip.Id}/approve", new { })).Problem(HttpStatusCode.Forbidden);

        Assert.Contains("负责人或系统管理员批准", refused.Detail);
    }

    [Fact]
    public async Task Approve_ByTheHeadWhoRegisteredIt_Returns409()
    {
        var (_, head, _) = await UnitAsync();
        var trip = await RegisterAsync(head, factory.Today.AddDays(3));

        var refused = await (await head.Client.PostAsJsonAsync($"/api/trips/{trip.Id}/approve", new { })).Problem(HttpStatusCode.Conflict);

        Assert.Equal("trip.secondPersonRequired", refused.Code);
    }

    [Fact]
    public async Task Reject_ThenNeitherApprovableNorReportable()
    {
        var (staff, head, _) = await UnitAsync();
        var trip = await RegisterAsync(staff, factory.Today, lateReason: "补报");

        var rejected = await (await head.Client.PostAsJsonAsync($"/api/trips/{trip.Id}/reject", new { comment = "目标不明确" })).As<TripDto>();
        var approve = await (await head.Client.PostAsJsonAsync($"/api/trips/{trip.Id}/approve", new { })).Problem(HttpStatusCode.Conflict);
        var report = await (await staff.Client.PostAsJsonAsync($"/api/trips/{trip.Id}/report", new { summary = "x" })).Problem(HttpStatusCode.Conflict);

        Assert.Equal((TripStatus.Rejected, "目标不明确"), (rejected.Status, rejected.ApprovalComment));
        Assert.Equal("trip.notApprovable", approve.Code);
        Assert.Equal("trip.notReportable", report.Code);
    }

    [Fact]
    public async Task List_StartedWithoutApproval_FlaggedNotApproved()
    {
        var (staff, head, _) = await UnitAsync();
        var started = await RegisterAsync(staff, factory.Today, lateReason: "临时安排");
        var ahead = await RegisterAsync(staff, factory.Today.AddDays(4));
        await (await head.Client.PostAsJsonAsync($"/api/trips/{ahead.Id}/approve", new { })).Expect(HttpStatusCode.OK);

        var listed = (await staff.Client.GetFromJsonAsync<Paged<TripSummary>>($"/api/trips?unitId={staff.UnitId}", HttpAssertions.Json))!.Items;

        Assert.True(listed.Single(t => t.Id == started.Id).NotApproved);
        Assert.False(listed.Single(t => t.Id == ahead.Id).NotApproved);
    }

    [Fact]
    public async Task Register_AnotherUnitsProjectAsTarget_AnsweredAsIfItDidNotExist()
    {
        var (staff, _, _) = await UnitAsync();
        var elsewhere = await _api.CreateProjectAsync((await _api.CreateUnitAsync()).Id);

        var outOfScope = await (await staff.Client.PostAsJsonAsync("/api/trips",
            TripTests.Trip(factory.Today.AddDays(3), factory.Today.AddDays(4), targets: [new { projectId = elsewhere.Id }]))).Problem(HttpStatusCode.BadRequest);
        var missing = await (await staff.Client.PostAsJsonAsync("/api/trips",
            TripTests.Trip(factory.Today.AddDays(3), factory.Today.AddDays(4), targets: [new { projectId = long.MaxValue }]))).Problem(HttpStatusCode.BadRequest);

        Assert.Equal(missing.Error("targets"), outOfScope.Error("targets"));
    }

    private async Task<TripDto> RegisterAsync(StaffMember staff, DateOnly start, string? lateReason = null) =>
        await (await staff.Client.PostAsJsonAsync("/api/trips", TripTests.Trip(start, start.AddDays(1), lateReason: lateReason))).As<TripDto>(HttpStatusCode.Created);

    /// <summary>A unit with a staff member, its head (also staff there) and a colleague.</summary>
    private async Task<(StaffMember Staff, StaffMember Head, StaffMember Colleague)> UnitAsync()
    {
        var unit = await _api.CreateUnitAsync();
        var head = await _api.CreateUserAsync(unit.Id, "staff");
        await (await TestApi.PatchAsync(await _api.AdminAsync(), $"/api/units/{unit.Id}", new { headUserId = head.Id }, unit.Version)).Expect(HttpStatusCode.OK);
        var staff = await _api.CreateUserAsync(unit.Id, "staff");
        var colleague = await _api.CreateUserAsync(unit.Id, "staff");
        return (new(staff, unit.Id), new(head, unit.Id), new(colleague, unit.Id));
    }

    private sealed record StaffMember(TestUser User, long UnitId)
    {
        public long Id => User.Id;

        public HttpClient Client => User.Client;
    }
}
