using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Pipeline.Api.Features.Alerts;
using Pipeline.Api.Features.Dispatch;
using Pipeline.Api.Features.Projects;
using Pipeline.Api.Features.Trips;
using Pipeline.Api.Hosting;
using Pipeline.Api.Tests.Features.Trips;
using Pipeline.Api.Tests.Infrastructure;
using Pipeline.Domain.Alerts;
using Pipeline.Domain.Dispatch;

namespace Pipeline.Api.Tests.Features.Alerts;

/// <summary>Builds projects and trips whose dates put them a given number of days into an alert rule.</summary>
public sealed class AlertSubjects(TestApi api, DateOnly today)
{
    private readonly Dictionary<string, object> _people = [];

    public async Task<(long Unit, long Person)> OwnersAsync()
    {
        var unit = await api.CreateUnitAsync();
        var person = await api.CreateUserAsync(unit.Id, "staff");
        return (unit.Id, person.Id);
    }

    /// <summary>
    /// A project signed <paramref name="signedDaysAgo"/> days ago, optionally with a planned groundbreaking date. Like a
    /// well-kept project it has filed the monthly updates (月度调度) it owes from the latest month already due through
    /// this one, so that no monthlyUpdateMissing alert stands beside the rule a test is about (until the month after
    /// this one falls due); <paramref name="updatesFiled"/> false leaves them all missing.
    /// </summary>
    public async Task<ProjectDto> SignedAsync(long unit, long person, int signedDaysAgo, DateOnly? plannedGroundbreakingOn = null,
        string landMode = "newLand", long? leaderId = null, DateOnly? plannedProductionOn = null, bool updatesFiled = true)
    {
        var admin = await api.AdminAsync();
        var signedOn = today.AddDays(-signedDaysAgo);
        var project = await api.CreateProjectAsync(unit, new { responsiblePersonId = person, landMode, leaderId, talksStartedOn = signedOn.AddDays(-20) });
        project = await (await TestApi.TransitionAsync(admin, project, new { to = "preReview", on = signedOn.AddDays(-10) })).As<ProjectDto>();
        var signed = await (await TestApi.TransitionAsync(admin, project, new
        {
            to = "signed", on = signedOn, contractAmount = 20000m, plannedGroundbreakingOn, plannedProductionOn,
        })).As<ProjectDto>();
        if (updatesFiled)
        {
            var dueDay = new DispatchOptions().DueDay;
            for (var month = MonthlyUpdates.LatestOverdueMonth(today, dueDay); month <= MonthlyUpdates.MonthOf(today); month = month.AddMonths(1))
            {
                if (signedOn <= MonthlyUpdates.LastDay(month))
                {
                    await FileUpdateAsync(signed, month);
                }
            }
        }

        return signed;
    }

    /// <summary>Files <paramref name="project"/>'s monthly update for <paramref name="month"/> (its first day), as its responsible person would.</summary>
    public async Task<UpdateDto> FileUpdateAsync(ProjectDto project, DateOnly month) =>
        await (await (await api.AdminAsync()).PostAsJsonAsync($"/api/projects/{project.Id}/updates", new
        {
            month = month.ToString("yyyy-MM", CultureInfo.InvariantCulture), progress = "与企业对接开工准备", nextSteps = "督促企业办理施工许可",
        })).As<UpdateDto>(HttpStatusCode.Created);

    public async Task<ProjectDto> MoveAsync(ProjectDto project, object body) =>
        await (await TestApi.TransitionAsync(await api.AdminAsync(), project, body)).As<ProjectDto>();

    /// <summary>A trip that ended so that its report is <paramref name="overdueDays"/> days past due (15 days after the end).</summary>
    public async Task<TripDto> TripAsync(TestUser staff, int overdueDays)
    {
        var end = today.AddDays(-15 - overdueDays);
        return await (await staff.Client.PostAsJsonAsync("/api/trips", TripTests.Trip(end.AddDays(-2), end, lateReason: "补录"))).As<TripDto>(HttpStatusCode.Created);
    }

    public static async Task<AlertLevel?> LevelAsync(HttpClient client, string rule, long? projectId = null, long? tripId = null)
    {
        var query = projectId is { } p ? $"projectId={p}" : $"tripId={tripId}";
        var alerts = await client.GetFromJsonAsync<Paged<AlertDto>>($"/api/alerts?{query}&pageSize=200", HttpAssertions.Json);
        return alerts!.Items.SingleOrDefault(a => a.RuleCode == rule && a.Status != "resolved")?.Level;
    }

    public object? this[string key] => _people.GetValueOrDefault(key);
}

public class AlertRuleBoundaryTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    private static readonly AlertLevel? None = null;
    private readonly TestApi _api = new(factory);

    private AlertSubjects Subjects => new(_api, factory.Today);

    [Fact]
    public async Task SignedNotStarted_FromPlannedGroundbreaking_0_30_90DaysOverdue()
    {
        var (unit, person) = await Subjects.OwnersAsync();
        int[] overdue = [0, 1, 29, 30, 31, 89, 90, 91];
        var projects = new List<ProjectDto>();
        foreach (var days in overdue)
        {
            projects.Add(await Subjects.SignedAsync(unit, person, 400, factory.Today.AddDays(-days), "existingBuilding"));
        }

        var levels = await LevelsAsync(AlertRuleCodes.SignedNotStarted, projects);

        Assert.Equal([None, AlertLevel.Yellow, AlertLevel.Yellow, AlertLevel.Orange, AlertLevel.Orange, AlertLevel.Orange, AlertLevel.Red, AlertLevel.Red], levels);
    }

    [Fact]
    public async Task SignedNotStarted_WithoutPlannedDate_60_90_180DaysFromSigning()
    {
        var (unit, person) = await Subjects.OwnersAsync();
        var projects = new List<ProjectDto>();
        foreach (var days in ElapsedDays(60, 90, 180))
        {
            projects.Add(await Subjects.SignedAsync(unit, person, days, landMode: "existingBuilding"));
        }

        Assert.Equal(ElapsedLevels, await LevelsAsync(AlertRuleCodes.SignedNotStarted, projects));
    }

    [Fact]
    public async Task SignedNoLand_NewLandProjects_60_90_180DaysFromSigning()
    {
        var (unit, person) = await Subjects.OwnersAsync();
        var projects = new List<ProjectDto>();
        foreach (var days in ElapsedDays(60, 90, 180))
        {
            projects.Add(await Subjects.SignedAsync(unit, person, days));
        }

        var existingBuilding = await Subjects.SignedAsync(unit, person, 200, landMode: "existingBuilding");

        Assert.Equal(ElapsedLevels, await LevelsAsync(AlertRuleCodes.SignedNoLand, projects));
        Assert.Null(await AlertSubjects.LevelAsync(await _api.AdminAsync(), AlertRuleCodes.SignedNoLand, existingBuilding.Id));
    }

    [Fact]
    public async Task LandNotStarted_90_180_365DaysFromLandSupply()
    {
        var (unit, person) = await Subjects.OwnersAsync();
        var projects = new List<ProjectDto>();
        foreach (var days in ElapsedDays(90, 180, 365))
        {
            var signed = await Subjects.SignedAsync(unit, person, days + 30);
            projects.Add(await Subjects.MoveAsync(signed, new { to = "landSupply", on = factory.Today.AddDays(-days), areaMu = 50m }));
        }

        Assert.Equal(ElapsedLevels, await LevelsAsync(AlertRuleCodes.LandNotStarted, projects));
    }

    [Fact]
    public async Task StartedNotProducing_0_90_180DaysPastPlannedProduction()
    {
        var (unit, person) = await Subjects.OwnersAsync();
        int[] overdue = [0, 1, 89, 90, 91, 179, 180, 181];
        var projects = new List<ProjectDto>();
        foreach (var days in overdue)
        {
            var signed = await Subjects.SignedAsync(unit, person, 400, landMode: "existingBuilding", plannedProductionOn: factory.Today.AddDays(-days));
            projects.Add(await Subjects.MoveAsync(signed, new { to = "groundbreaking", on = factory.Today.AddDays(-300) }));
        }

        Assert.Equal([None, AlertLevel.Yellow, AlertLevel.Yellow, AlertLevel.Orange, AlertLevel.Orange, AlertLevel.Orange, AlertLevel.Red, AlertLevel.Red],
            await LevelsAsync(AlertRuleCodes.StartedNotProducing, projects));
    }

    [Fact]
    public async Task TalksIdle_60_90_180DaysWithoutActivity_AnActivityRestartsTheCount()
    {
        var (unit, _) = await Subjects.OwnersAsync();
        var projects = new List<ProjectDto>();
        foreach (var days in ElapsedDays(60, 90, 180))
        {
            projects.Add(await _api.CreateProjectAsync(unit, new { talksStartedOn = factory.Today.AddDays(-days) }));
        }

        var active = await _api.CreateProjectAsync(unit, new { talksStartedOn = factory.Today.AddDays(-200) });
        await (await (await _api.AdminAsync()).PostAsJsonAsync($"/api/projects/{active.Id}/activities",
            new { kind = "call", on = factory.Today.AddDays(-59), summary = "电话跟进" })).Expect(HttpStatusCode.Created);

        Assert.Equal(ElapsedLevels, await LevelsAsync(AlertRuleCodes.TalksIdle, projects));
        Assert.Null(await AlertSubjects.LevelAsync(await _api.AdminAsync(), AlertRuleCodes.TalksIdle, active.Id));
    }

    [Fact]
    public async Task TripReportOverdue_0_7_15DaysPastTheDueDate()
    {
        var unit = await _api.CreateUnitAsync();
        var staff = await _api.CreateUserAsync(unit.Id, "staff");
        int[] overdue = [0, 1, 6, 7, 8, 14, 15, 16];
        var trips = new List<TripDto>();
        foreach (var days in overdue)
        {
            trips.Add(await Subjects.TripAsync(staff, days));
        }

        await factory.ScanAsync();
        var levels = new List<AlertLevel?>();
        foreach (var trip in trips)
        {
            levels.Add(await AlertSubjects.LevelAsync(await _api.AdminAsync(), AlertRuleCodes.TripReportOverdue, tripId: trip.Id));
        }

        Assert.Equal([None, AlertLevel.Yellow, AlertLevel.Yellow, AlertLevel.Orange, AlertLevel.Orange, AlertLevel.Orange, AlertLevel.Red, AlertLevel.Red], levels);
    }

    private static readonly AlertLevel?[] ElapsedLevels =
        [None, AlertLevel.Yellow, AlertLevel.Yellow, AlertLevel.Yellow, AlertLevel.Orange, AlertLevel.Orange, AlertLevel.Orange, AlertLevel.Red, AlertLevel.Red];

    /// <summary>Just before, at and just after each threshold.</summary>
    private static int[] ElapsedDays(int yellow, int orange, int red) =>
        [yellow - 1, yellow, yellow + 1, orange - 1, orange, orange + 1, red - 1, red, red + 1];

    private async Task<List<AlertLevel?>> LevelsAsync(string rule, IEnumerable<ProjectDto> projects)
    {
        await factory.ScanAsync();
        var levels = new List<AlertLevel?>();
        foreach (var project in projects)
        {
            levels.Add(await AlertSubjects.LevelAsync(await _api.AdminAsync(), rule, project.Id));
        }

        return levels;
    }
}
