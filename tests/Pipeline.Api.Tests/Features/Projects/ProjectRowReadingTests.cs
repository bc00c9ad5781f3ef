using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Api.Data;
using Pipeline.Api.Features.Projects;
using Pipeline.Api.Tests.Features.Leads;
using Pipeline.Api.Tests.Infrastructure;

namespace Pipeline.Api.Tests.Features.Projects;

/// <summary>
/// One project and the list read their columns by position (<see cref="Cells"/>) instead of through Dapper's mapper:
/// on every provider they must read exactly what Dapper's mapping of the same statement reads, null or not.
/// </summary>
public class ProjectRowReadingTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task FindUnscopedAsync_EveryColumnSet_ReadsWhatDapperMaps()
    {
        var admin = await _api.AdminAsync();
        var unit = await _api.CreateUnitAsync();
        var person = await _api.CreateUserAsync(unit.Id, "staff");
        var leader = await _api.CreateUserAsync(null, "leader");
        var company = await (await admin.PostAsJsonAsync("/api/companies", new { name = TestApi.Unique("读取公司") })).As<Api.Features.Companies.CompanyDto>(HttpStatusCode.Created);
        var parcel = await (await admin.PostAsJsonAsync("/api/parcels", new { code = TestApi.Unique("GX"), location = "高新区", areaMu = 80m }))
            .As<Api.Features.Land.ParcelDto>(HttpStatusCode.Created);
        var lead = await LeadTests.CreateLeadAsync(admin, unit.Id, TestApi.Unique("线索公司"));
        var project = await _api.CreateProjectAsync(unit.Id, new
        {
            fixedAssetInvestment = 15000.5m, originRegion = "长三角", responsiblePersonId = person.Id, leaderId = leader.Id, isKey = true,
        });
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Db>();
        await using (var write = await db.BeginAsync())
        {
            await write.ExecuteAsync("""
                UPDATE projects SET company_id = @Company, source_lead_id = @Lead, parcel_id = @Parcel, stage = 'dropped', dropped_from = 'landSupply',
                    signed_on = '2025-03-04', contract_amount = 123456789, planned_groundbreaking_on = '2025-05-06', planned_production_on = '2026-07-08',
                    land_supplied_on = '2025-04-05', land_supplied_mu = 4999999, pre_review_on = '2025-01-02', review_passed_on = '2025-02-03',
                    origin = 'ledgerImport', signed_amount = 98765, contract_area_mu = 500000, groundbreaking_on = '2025-06-07', production_on = '2026-08-09'
                WHERE id = @Id
                """,
                new { Company = company.Id, Lead = lead.Id, Parcel = parcel.Id, project.Id });
            await write.ExecuteAsync("INSERT INTO project_team (project_id, user_id) VALUES (@Id, @A), (@Id, @B)", new { project.Id, A = person.Id, B = leader.Id });
            await write.CommitAsync();
        }

        var (read, mapped) = await BothAsync(db, project.Id);

        Assert.Equal(mapped, read);
        Assert.Equal((project.Id, company.Id, Domain.Projects.Stage.Dropped, Domain.Projects.Stage.LandSupply, new DateOnly(2026, 8, 9), true),
            (read.Id, read.CompanyId, read.Stage, read.DroppedFrom, read.ProductionOn, read.IsKey));
        Assert.Equal(DateTimeKind.Utc, read.CreatedAt.Kind);
    }

    [Fact]
    public async Task FindUnscopedAsync_OptionalColumnsEmpty_ReadsWhatDapperMaps()
    {
        var unit = await _api.CreateUnitAsync();
        var project = await _api.CreateProjectAsync(unit.Id, new { landAreaMu = (decimal?)null });
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Db>();

        var (read, mapped) = await BothAsync(db, project.Id);

        Assert.Equal(mapped, read);
        Assert.Equal((null, null, null, ""), (read.CompanyName, read.LandAreaMu, read.SignedOn, read.TeamIds));
    }

    private static async Task<(ProjectRow Read, ProjectRow Mapped)> BothAsync(Db db, long id)
    {
        await using var session = await db.OpenAsync();
        var read = await ProjectStore.FindUnscopedAsync(session, id);
        var mapped = await session.QuerySingleOrDefaultAsync<ProjectRow>(ProjectStore.FindSql(null, "1 = 1"), new { id });
        return (read!, mapped!);
    }
}
