using System.Net;
using System.Net.Http.Json;
using Pipeline.Api.Features.Imports;
using Pipeline.Api.Features.Projects;
using Pipeline.Api.Features.Users;
using Pipeline.Api.Hosting;
using Pipeline.Api.Tests.Features.Reviews;
using Pipeline.Api.Tests.Infrastructure;
using Pipeline.Domain.Projects;

namespace Pipeline.Api.Tests.Features.Imports;

/// <summary>The ledger import obeys the review gate like the API; signed projects from before Pipeline come in as an admin's migration.</summary>
public class ImportGateTests(ReviewGate.AllFactory factory) : IClassFixture<ReviewGate.AllFactory>
{
    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task Import_ByStaff_SignedRowsRefusedByRowWithNothingImported()
    {
        var (unit, person, leader, staff) = await PeopleAsync();

        var problem = await (await ImportTests.UploadAsync(staff.Client, ImportTests.GoodRows(unit, person, leader))).Problem(HttpStatusCode.BadRequest);
        var projects = await staff.Client.GetFromJsonAsync<Paged<ProjectSummary>>($"/api/projects?unitId={person.UnitId}", HttpAssertions.Json);

        var rows = problem["problems"].EnumerateArray().Select(p => (p.GetProperty("row").GetInt32(), p.GetProperty("column").GetString())).ToList();
        Assert.Contains((3, LedgerRow.Stage), rows);
        Assert.DoesNotContain(rows, r => r.Item1 == 2);
        Assert.Equal(0, projects!.Total);
    }

    [Fact]
    public async Task Import_MigrationByStaff_Returns403()
    {
        var (unit, person, leader, staff) = await PeopleAsync();

        await (await ImportTests.UploadAsync(staff.Client, ImportTests.GoodRows(unit, person, leader), query: "migration=true")).Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Import_MigrationByAdmin_SignedProjectsMarkedAsMigratedAndListedSo()
    {
        var (unit, person, leader, _) = await PeopleAsync();
        var admin = await _api.AdminAsync();

        var report = await (await ImportTests.UploadAsync(admin, ImportTests.GoodRows(unit, person, leader), query: "migration=true")).As<LedgerImport.ImportReport>();
        var migrated = await admin.GetFromJsonAsync<Paged<ProjectSummary>>($"/api/projects?unitId={person.UnitId}&origin=ledgerMigration", HttpAssertions.Json);
        var producing = migrated!.Items.Single(p => p.Stage == Stage.Production);
        var detail = await admin.GetFromJsonAsync<ProjectDto>($"/api/projects/{producing.Id}", HttpAssertions.Json);

        Assert.Equal(3, report.Created);
        Assert.Equal(3, migrated.Total);
        Assert.Equal((ProjectOrigin.LedgerMigration, 56000.5m), (detail!.Origin, detail.SignedAmount!.Value));
    }

    private async Task<(string Unit, UserDto Person, UserDto Leader, TestUser Staff)> PeopleAsync()
    {
        var admin = await _api.AdminAsync();
        var unit = await _api.CreateUnitAsync(TestApi.Unique("园区"));
        var person = await (await admin.PostAsJsonAsync("/api/users", new
        {
            userName = TestApi.Unique("zhao"), displayName = TestApi.Unique("赵六"), password = TestApi.Password, roles = new[] { "staff" }, unitId = unit.Id,
        })).As<UserDto>(HttpStatusCode.Created);
        var leader = await (await admin.PostAsJsonAsync("/api/users", new
        {
            userName = TestApi.Unique("qian"), displayName = TestApi.Unique("钱副市长"), password = TestApi.Password, roles = new[] { "leader" },
        })).As<UserDto>(HttpStatusCode.Created);
        return (unit.Name, person, leader, await _api.CreateUserAsync(unit.Id, "staff"));
    }
}
