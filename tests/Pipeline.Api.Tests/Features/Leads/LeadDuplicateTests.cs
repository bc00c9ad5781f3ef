using System.Net;
using System.Net.Http.Json;
using Pipeline.Api.Features.Companies;
using Pipeline.Api.Features.Leads;
using Pipeline.Api.Tests.Features.Companies;
using Pipeline.Api.Tests.Infrastructure;

namespace Pipeline.Api.Tests.Features.Leads;

/// <summary><c>GET /api/leads/duplicates</c>: what the lead form shows while the investor's name or credit code is typed.</summary>
public class LeadDuplicateTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task Duplicates_NameWrittenAnotherWay_LeadCompanyAndProjectOfAnotherUnitListed()
    {
        var brand = TestApi.Unique("澜海").Replace("-", "", StringComparison.Ordinal);
        var unit = await _api.CreateUnitAsync();
        var other = await _api.CreateUnitAsync();
        var staff = await _api.CreateUserAsync(unit.Id, "staff");
        var otherStaff = await _api.CreateUserAsync(other.Id, "staff");
        var company = await (await (await _api.AdminAsync()).PostAsJsonAsync("/api/companies", new { name = $"{brand}新材料股份有限公司" }))
            .As<CompanyDto>(HttpStatusCode.Created);
        var project = await _api.CreateProjectAsync(other.Id, new { companyId = company.Id });
        var lead = await LeadTests.CreateLeadAsync(otherStaff.Client, other.Id, $"{brand}新材料有限公司");

        var found = await staff.Client.GetFromJsonAsync<DuplicateCheck>(
            $"/api/leads/duplicates?companyName={Uri.EscapeDataString($" {brand}新材料 ")}", HttpAssertions.Json);

        Assert.Equal($"{brand}新材料", found!.Key);
        Assert.Equal((lead.Id, "name", other.Name), (Assert.Single(found.Leads).Id, found.Leads[0].MatchedBy, found.Leads[0].UnitName));
        Assert.Equal((company.Id, "name"), (Assert.Single(found.Companies).Id, found.Companies[0].MatchedBy));
        Assert.Equal((project.Id, "talks", other.Name), (Assert.Single(found.Projects).Id, found.Projects[0].Stage, found.Projects[0].UnitName));
    }

    [Fact]
    public async Task Duplicates_CreditCodeInLowerCase_MatchedByCreditCode()
    {
        var code = CompanyAndIndustryTests.NewCreditCode();
        var unit = await _api.CreateUnitAsync();
        var staff = await _api.CreateUserAsync(unit.Id, "staff");
        var lead = await LeadTests.CreateLeadAsync(staff.Client, unit.Id, TestApi.Unique("甲方"), creditCode: code);

        var found = await staff.Client.GetFromJsonAsync<DuplicateCheck>($"/api/leads/duplicates?creditCode={code.ToLowerInvariant()}", HttpAssertions.Json);

        var hint = Assert.Single(found!.Leads);
        Assert.Equal((lead.Id, "creditCode"), (hint.Id, hint.MatchedBy));
        Assert.Empty(found.Projects);
    }

    [Fact]
    public async Task Duplicates_NothingGiven_Returns400()
    {
        var staff = await _api.CreateUserAsync((await _api.CreateUnitAsync()).Id, "staff");

        var problem = await (await staff.Client.GetAsync("/api/leads/duplicates?companyName=%20")).Problem(HttpStatusCode.BadRequest);

        Assert.True(problem.HasError("companyName"));
    }

    [Fact]
    public async Task Duplicates_Committee_Returns403()
    {
        var member = await _api.CreateUserAsync(null, "committee");

        var response = await member.Client.GetAsync("/api/leads/duplicates?companyName=某公司");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
