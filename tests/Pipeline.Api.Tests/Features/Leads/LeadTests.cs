using System.Net;
using System.Net.Http.Json;
using Pipeline.Api.Features.Companies;
using Pipeline.Api.Features.Leads;
using Pipeline.Api.Features.Projects;
using Pipeline.Api.Hosting;
using Pipeline.Api.Tests.Features.Companies;
using Pipeline.Api.Tests.Infrastructure;
using Pipeline.Domain.Leads;
using Pipeline.Domain.Projects;

namespace Pipeline.Api.Tests.Features.Leads;

public class LeadTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    private readonly TestApi _api = new(factory);

    public static async Task<LeadDto> CreateLeadAsync(HttpClient client, long unitId, string companyName, long? tripId = null, string? creditCode = null, long? companyId = null)
    {
        var response = await client.PostAsJsonAsync("/api/leads", new
        {
            title = $"{companyName}扩产项目",
            companyName = companyId is null ? companyName : null,
            companyId,
            creditCode,
            industryCode = "C35",
            estimatedInvestment = 35000.5m,
            content = "拟投资建设智能装备生产基地，分两期建设",
            investorRequirements = "需工业用地约100亩，要求一年内供地",
            contactName = "陈总",
            contactPhone = "13700000000",
            source = "trip",
            tripId,
            unitId,
        }, HttpAssertions.Json);
        return await response.As<LeadDto>(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Create_MissingWhatMakesALeadUsable_Returns400ForEachField()
    {
        var (staff, _) = await StaffAsync();

        var problem = await (await staff.Client.PostAsJsonAsync("/api/leads", new { title = "有个客商想来投资" })).Problem(HttpStatusCode.BadRequest);

        foreach (var field in new[] { "companyName", "industryCode", "estimatedInvestment", "content", "investorRequirements", "contactName", "contactPhone", "source" })
        {
            Assert.True(problem.HasError(field), $"{field} should be required");
        }
    }

    [Fact]
    public async Task Create_Valid_NewLeadLoggedTodayForTheStaffUnit()
    {
        var (staff, unit) = await StaffAsync();

        var lead = await CreateLeadAsync(staff.Client, unit, TestApi.Unique("星河科技有限公司"));

        Assert.Equal(LeadStatus.New, lead.Status);
        Assert.Equal(unit, lead.UnitId);
        Assert.Equal(factory.Today, lead.LoggedOn);
        Assert.Equal(35000.5m, lead.EstimatedInvestment);
        Assert.Empty(lead.PossibleDuplicates!);
    }

    [Fact]
    public async Task Create_SameCompanyWrittenDifferently_ListedAsPossibleDuplicate()
    {
        var (staff, unit) = await StaffAsync();
        var (otherStaff, otherUnit) = await StaffAsync();
        var brand = TestApi.Unique("ＸＹ").Replace("-", "", StringComparison.Ordinal);
        var first = await CreateLeadAsync(staff.Client, unit, $"{brand}新能源股份有限公司");

        var second = await CreateLeadAsync(otherStaff.Client, otherUnit, $" {HalfWidth(brand)}新能源 ");

        var hint = Assert.Single(second.PossibleDuplicates!);
        Assert.Equal(first.Id, hint.Id);
        Assert.Equal("name", hint.MatchedBy);
        Assert.Equal(unit, hint.UnitId);
    }

    [Fact]
    public async Task Create_SameCreditCodeUnderAnotherName_ListedAsDuplicateByCreditCode()
    {
        var (staff, unit) = await StaffAsync();
        var code = CompanyAndIndustryTests.NewCreditCode();
        var first = await CreateLeadAsync(staff.Client, unit, TestApi.Unique("甲方"), creditCode: code);

        var second = await CreateLeadAsync(staff.Client, unit, TestApi.Unique("完全不同的名字"), creditCode: code.ToLowerInvariant());

        var hint = Assert.Single(second.PossibleDuplicates!);
        Assert.Equal((first.Id, "creditCode"), (hint.Id, hint.MatchedBy));
    }

    [Fact]
    public async Task Verify_ByAnotherMemberOfTheUnit_VerifiedTodayNamingWho()
    {
        var (staff, unit) = await StaffAsync();
        var colleague = await _api.CreateUserAsync(unit, "staff");
        var lead = await CreateLeadAsync(staff.Client, unit, TestApi.Unique("公司"));

        var verified = await (await colleague.Client.PostAsync($"/api/leads/{lead.Id}/verify", null)).As<LeadDto>();

        Assert.Equal(LeadStatus.Verified, verified.Status);
        Assert.Equal(factory.Today, verified.VerifiedOn);
        Assert.Equal(colleague.Id, verified.VerifiedBy);
    }

    [Fact]
    public async Task Verify_ByItsAuthor_Returns409SecondPersonRequired()
    {
        var (staff, unit) = await StaffAsync();
        var lead = await CreateLeadAsync(staff.Client, unit, TestApi.Unique("公司"));

        var problem = await (await staff.Client.PostAsync($"/api/leads/{lead.Id}/verify", null)).Problem(HttpStatusCode.Conflict);

        Assert.Equal(LeadRules.SecondPersonRequired, problem.Code);
        Assert.Equal(LeadStatus.New, (await staff.Client.GetFromJsonAsync<LeadDto>($"/api/leads/{lead.Id}", HttpAssertions.Json))!.Status);
    }

    [Fact]
    public async Task Verify_ByTheHeadOfAUnitAbove_Allowed()
    {
        var parent = await _api.CreateUnitAsync();
        var unit = await _api.CreateUnitAsync(parentId: parent.Id);
        var staff = await _api.CreateUserAsync(unit.Id, "staff");
        var head = await _api.CreateUserAsync(parent.Id, "leader");
        await (await TestApi.PatchAsync(await _api.AdminAsync(), $"/api/units/{parent.Id}", new { headUserId = head.Id }, parent.Version)).Expect(HttpStatusCode.OK);
        var lead = await CreateLeadAsync(staff.Client, unit.Id, TestApi.Unique("公司"));

        await (await head.Client.PostAsync($"/api/leads/{lead.Id}/verify", null)).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Verify_ByStaffOfAnotherUnit_Returns404()
    {
        var (staff, unit) = await StaffAsync();
        var (other, _) = await StaffAsync();
        var lead = await CreateLeadAsync(staff.Client, unit, TestApi.Unique("公司"));

        await (await other.Client.PostAsync($"/api/leads/{lead.Id}/verify", null)).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Verify_ByALeaderWhoDoesNotHeadTheUnit_Returns403()
    {
        var (staff, unit) = await StaffAsync();
        var leader = await _api.CreateUserAsync(null, "leader");
        var lead = await CreateLeadAsync(staff.Client, unit, TestApi.Unique("公司"));

        await (await leader.Client.PostAsync($"/api/leads/{lead.Id}/verify", null)).Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task MarkFalse_ByStaff403ByLeaderWithReasonAllowed()
    {
        var (staff, unit) = await StaffAsync();
        var leader = await _api.CreateUserAsync(null, "leader");
        var lead = await CreateLeadAsync(staff.Client, unit, TestApi.Unique("公司"));

        await (await staff.Client.PostAsJsonAsync($"/api/leads/{lead.Id}/mark-false", new { reason = "x" })).Problem(HttpStatusCode.Forbidden);
        var noReason = await (await leader.Client.PostAsJsonAsync($"/api/leads/{lead.Id}/mark-false", new { })).Problem(HttpStatusCode.BadRequest);
        var marked = await (await leader.Client.PostAsJsonAsync($"/api/leads/{lead.Id}/mark-false", new { reason = "核实无此投资意向，属虚报" })).As<LeadDto>();

        Assert.True(noReason.HasError("reason"));
        Assert.Equal(LeadStatus.False, marked.Status);
        Assert.Equal("核实无此投资意向，属虚报", marked.StatusReason);
    }

    [Fact]
    public async Task Drop_ThenVerify_Returns409()
    {
        var (staff, unit) = await StaffAsync();
        var lead = await CreateLeadAsync(staff.Client, unit, TestApi.Unique("公司"));

        await (await staff.Client.PostAsJsonAsync($"/api/leads/{lead.Id}/drop", new { reason = "客商已落户他地" })).Expect(HttpStatusCode.OK);
        var problem = await (await staff.Client.PostAsync($"/api/leads/{lead.Id}/verify", null)).Problem(HttpStatusCode.Conflict);

        Assert.Equal(LeadRules.NotAllowed, problem.Code);
    }

    [Fact]
    public async Task Convert_UnverifiedLead_Returns409NotVerified()
    {
        var (staff, unit) = await StaffAsync();
        var lead = await CreateLeadAsync(staff.Client, unit, TestApi.Unique("公司"));

        var problem = await (await staff.Client.PostAsJsonAsync($"/api/leads/{lead.Id}/convert", new { })).Problem(HttpStatusCode.Conflict);

        Assert.Equal(LeadRules.NotVerified, problem.Code);
    }

    [Fact]
    public async Task Convert_VerifiedLead_ProjectInTalksWithLeadsCompanyIndustryAndInvestmentOnceOnly()
    {
        var (staff, unit) = await StaffAsync();
        var companyName = TestApi.Unique("云帆智能装备有限公司");
        var lead = await CreateLeadAsync(staff.Client, unit, companyName);
        await VerifyAsync(unit, lead.Id);

        var response = await staff.Client.PostAsJsonAsync($"/api/leads/{lead.Id}/convert", new { landMode = "existingBuilding", responsiblePersonId = staff.Id });
        var project = await response.As<ProjectDto>(HttpStatusCode.Created);
        var again = await (await staff.Client.PostAsJsonAsync($"/api/leads/{lead.Id}/convert", new { })).Problem(HttpStatusCode.Conflict);
        var converted = await staff.Client.GetFromJsonAsync<LeadDto>($"/api/leads/{lead.Id}", HttpAssertions.Json);
        var company = await staff.Client.GetFromJsonAsync<CompanyDto>($"/api/companies/{project.CompanyId}", HttpAssertions.Json);

        Assert.Equal(Stage.Talks, project.Stage);
        Assert.Equal(lead.Title, project.Name);
        Assert.Equal("C35", project.IndustryCode);
        Assert.Equal(35000.5m, project.TotalInvestment);
        Assert.Equal(LandMode.ExistingBuilding, project.LandMode);
        Assert.Equal(unit, project.ResponsibleUnitId);
        Assert.Equal(lead.Id, project.SourceLeadId);
        Assert.Equal(companyName, company!.Name);
        Assert.Equal(LeadRules.AlreadyConverted, again.Code);
        Assert.Equal((LeadStatus.Converted, project.Id, project.CompanyId), (converted!.Status, converted.ProjectId!.Value, converted.CompanyId));
        Assert.EndsWith($"/api/projects/{project.Id}", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task CreateProject_WithSourceLeadId_ConvertsTheLead()
    {
        var (staff, unit) = await StaffAsync();
        var lead = await CreateLeadAsync(staff.Client, unit, TestApi.Unique("公司"));
        await VerifyAsync(unit, lead.Id);

        var project = await _api.CreateProjectAsync(unit, new { sourceLeadId = lead.Id }, staff.Client);
        var second = await staff.Client.PostAsJsonAsync("/api/projects",
            new { name = "x", industryCode = "C39", totalInvestment = 1m, landMode = "newLand", responsibleUnitId = unit, sourceLeadId = lead.Id });

        Assert.Equal(lead.Id, project.SourceLeadId);
        Assert.Equal(LeadRules.AlreadyConverted, (await second.Problem(HttpStatusCode.Conflict)).Code);
    }

    [Fact]
    public async Task List_ByStatusAndTrip_Filters()
    {
        var (staff, unit) = await StaffAsync();
        var a = await CreateLeadAsync(staff.Client, unit, TestApi.Unique("甲"));
        await CreateLeadAsync(staff.Client, unit, TestApi.Unique("乙"));
        await VerifyAsync(unit, a.Id);

        var verified = await staff.Client.GetFromJsonAsync<Paged<LeadDto>>($"/api/leads?unitId={unit}&status=verified", HttpAssertions.Json);
        var all = await staff.Client.GetFromJsonAsync<Paged<LeadDto>>($"/api/leads?unitId={unit}", HttpAssertions.Json);

        Assert.Equal(a.Id, Assert.Single(verified!.Items).Id);
        Assert.Equal(2, all!.Total);
    }

    /// <summary>Verified by a second member of the unit, as the rule wants.</summary>
    private async Task VerifyAsync(long unit, long leadId) =>
        await (await (await _api.CreateUserAsync(unit, "staff")).Client.PostAsync($"/api/leads/{leadId}/verify", null)).Expect(HttpStatusCode.OK);

    private async Task<(TestUser Staff, long Unit)> StaffAsync()
    {
        var unit = await _api.CreateUnitAsync();
        return (await _api.CreateUserAsync(unit.Id, "staff"), unit.Id);
    }

    private static string HalfWidth(string fullWidth) =>
        new(fullWidth.Select(c => c is >= '\uFF01' and <= '\uFF5E' ? (char)(c - 0xFEE0) : c).ToArray());
}
