using System.Net;
using System.Net.Http.Json;
using Pipeline.Api.Features.Reports;
using Pipeline.Api.Features.Trips;
using Pipeline.Api.Tests.Features.Leads;
using Pipeline.Api.Tests.Features.Trips;
using Pipeline.Api.Tests.Infrastructure;

namespace Pipeline.Api.Tests.Features.Reports;

/// <summary>The per-unit anti-formalism report on a data set whose every number is known. Its own factory: the test moves the clock.</summary>
public class TripsReportTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    [Fact]
    public async Task TripsReport_KnownDataSet_EveryNumberPerUnit()
    {
        var api = new TestApi(factory);
        var t0 = factory.Today;
        var unitA = await api.CreateUnitAsync();
        var subA = await api.CreateUnitAsync(parentId: unitA.Id);
        var unitB = await api.CreateUnitAsync();
        var staffA = await api.CreateUserAsync(unitA.Id, "staff");
        var colleague = await api.CreateUserAsync(unitA.Id, "staff");
        var staffSub = await api.CreateUserAsync(subA.Id, "staff");
        var staffB = await api.CreateUserAsync(unitB.Id, "staff");
        var leader = await api.CreateUserAsync(null, "leader");

        // A: a 3-day trip for two (6 person-days) that yields two visits and a lead; a 1-day trip never reported (overdue later).
        var trip1 = await RegisterAsync(staffA, TripTests.Trip(t0.AddDays(2), t0.AddDays(4), participants: [staffA.Id, colleague.Id]));
        var trip3 = await RegisterAsync(staffA, TripTests.Trip(t0.AddDays(3), t0.AddDays(3)));
        // Sub-unit: a late 2-day trip that is reported without any lead (no result).
        var trip2 = await RegisterAsync(staffSub, TripTests.Trip(t0, t0.AddDays(1), lateReason: "临时接待"));
        // B: a trip cancelled before it starts, which does not count.
        var trip4 = await RegisterAsync(staffB, TripTests.Trip(t0.AddDays(5), t0.AddDays(6)));
        await (await staffB.Client.PostAsJsonAsync($"/api/trips/{trip4.Id}/cancel", new { reason = "改期" })).Expect(HttpStatusCode.OK);

        var l1 = await LeadTests.CreateLeadAsync(staffA.Client, unitA.Id, TestApi.Unique("甲"));
        var l2 = await LeadTests.CreateLeadAsync(staffA.Client, unitA.Id, TestApi.Unique("乙"));
        var l3 = await LeadTests.CreateLeadAsync(staffA.Client, unitA.Id, TestApi.Unique("丙"));
        await LeadTests.CreateLeadAsync(staffSub.Client, subA.Id, TestApi.Unique("丁"));
        await (await colleague.Client.PostAsync($"/api/leads/{l1.Id}/verify", null)).Expect(HttpStatusCode.OK);
        await (await colleague.Client.PostAsync($"/api/leads/{l2.Id}/verify", null)).Expect(HttpStatusCode.OK);
        await api.ApproveTripAsync(trip1.Id);
        await api.ApproveTripAsync(trip2.Id);
        await (await staffA.Client.PostAsJsonAsync($"/api/leads/{l2.Id}/convert", new { })).Expect(HttpStatusCode.Created);
        await (await leader.Client.PostAsJsonAsync($"/api/leads/{l3.Id}/mark-false", new { reason = "虚报" })).Expect(HttpStatusCode.OK);

        await (await staffSub.Client.PostAsJsonAsync($"/api/trips/{trip2.Id}/report", new
        {
            summary = "走访未果",
            visits = Array.Empty<object>(),
        })).Expect(HttpStatusCode.OK);
        factory.Clock.Advance(TimeSpan.FromDays(5));
        var admin = await api.SignInAsync("admin", PipelineFactory.AdminPassword);
        var staffAClient = await api.SignInAsync(staffA.UserName, staffA.Password);
        await (await staffAClient.PostAsJsonAsync($"/api/trips/{trip1.Id}/report", new
        {
            summary = "走访两家企业",
            visits = new[]
            {
                new { companyName = "甲公司", on = t0.AddDays(2), metWith = "总经理", outcome = "有意向" },
                new { companyName = "乙公司", on = t0.AddDays(4), metWith = "董事长", outcome = "再约" },
            },
            leadIds = new[] { l1.Id },
        })).Expect(HttpStatusCode.OK);
        factory.Clock.Advance(TimeSpan.FromDays(15));
        admin = await api.SignInAsync("admin", PipelineFactory.AdminPassword);

        var report = await admin.GetFromJsonAsync<TripsReport.Result>(
            $"/api/reports/trips?from={t0.AddDays(-10):yyyy-MM-dd}&to={t0.AddDays(30):yyyy-MM-dd}&unitId={unitA.Id}", HttpAssertions.Json);
        var everyone = await admin.GetFromJsonAsync<TripsReport.Result>(
            $"/api/reports/trips?from={t0.AddDays(-10):yyyy-MM-dd}&to={t0.AddDays(30):yyyy-MM-dd}", HttpAssertions.Json);

        Assert.Equal([unitA.Id, subA.Id], report!.Units.Select(u => u.UnitId));
        var a = report.Units[0];
        Assert.Equal((2, 7, 2, 0, 0, 1), (a.Trips, a.PersonDays, a.Visits, a.LateRegistrations, a.NoResultTrips, a.OverdueReports));
        Assert.Equal((3, 2, 1, 1), (a.LeadsLogged, a.LeadsVerified, a.LeadsConverted, a.FalseLeads));
        Assert.Equal(3.5m, a.DaysOutPerVerifiedLead);
        var sub = report.Units[1];
        Assert.Equal((1, 2, 0, 1, 1, 0), (sub.Trips, sub.PersonDays, sub.Visits, sub.LateRegistrations, sub.NoResultTrips, sub.OverdueReports));
        Assert.Equal((1, 0, 0, 0), (sub.LeadsLogged, sub.LeadsVerified, sub.LeadsConverted, sub.FalseLeads));
        Assert.Null(sub.DaysOutPerVerifiedLead);
        Assert.Equal((3, 9, 4), (report.Total.Trips, report.Total.PersonDays, report.Total.LeadsLogged));
        var b = Assert.Single(everyone!.Units, u => u.UnitId == unitB.Id);
        Assert.Equal(0, b.Trips);
        _ = trip3;
    }

    private static async Task<TripDto> RegisterAsync(TestUser staff, object trip) =>
        await (await staff.Client.PostAsJsonAsync("/api/trips", trip)).As<TripDto>(HttpStatusCode.Created);
}
