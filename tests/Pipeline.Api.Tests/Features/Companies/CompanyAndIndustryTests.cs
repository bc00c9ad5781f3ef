using System.Net;
using System.Net.Http.Json;
using Pipeline.Api.Features.Companies;
using Pipeline.Api.Features.Industries;
using Pipeline.Api.Hosting;
using Pipeline.Api.Tests.Infrastructure;

namespace Pipeline.Api.Tests.Features.Companies;

public class CompanyAndIndustryTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    private readonly TestApi _api = new(factory);

    /// <summary>A valid credit code no other test uses (random organisation code, computed check character).</summary>
    public static string NewCreditCode()
    {
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        var first17 = "91320500" + new string(Enumerable.Range(0, 9).Select(_ => alphabet[Random.Shared.Next(alphabet.Length)]).ToArray());
        return first17 + Domain.Companies.CreditCode.CheckCharacter(first17);
    }

    [Fact]
    public async Task CreateCompany_ValidCreditCodeInLowerCase_StoredUpperCaseWithContacts()
    {
        var code = NewCreditCode();

        var response = await (await _api.AdminAsync()).PostAsJsonAsync("/api/companies", new
        {
            name = TestApi.Unique("苏州纳米科技有限公司"),
            creditCode = code.ToLowerInvariant(),
            region = "江苏省苏州市",
            industryCode = "C39",
            contacts = new[] { new { name = "王经理", title = "总经理", phone = "13900000000" } },
        });
        var company = await response.As<CompanyDto>(HttpStatusCode.Created);

        Assert.Equal(code, company.CreditCode);
        Assert.Equal("王经理", Assert.Single(company.Contacts).Name);
    }

    [Theory]
    [InlineData("91350100M000100Y44", "校验位应为")]
    [InlineData("91350100M000100Y4", "统一社会信用代码为 18 位，此处为 17 位")]
    [InlineData("91350100M000100O43", "第 16 位字符“O”无效")]
    [InlineData("91350100M000100I43", "第 16 位字符“I”无效")]
    public async Task CreateCompany_BadCreditCode_Returns400SayingWhy(string code, string reason)
    {
        var problem = await (await (await _api.AdminAsync()).PostAsJsonAsync("/api/companies", new { name = TestApi.Unique("公司"), creditCode = code }))
            .Problem(HttpStatusCode.BadRequest);

        Assert.Contains(reason, problem.Error("creditCode"));
    }

    [Fact]
    public async Task CreateCompany_DuplicateCreditCode_Returns409WithExistingId()
    {
        var admin = await _api.AdminAsync();
        var code = NewCreditCode();
        var first = await (await admin.PostAsJsonAsync("/api/companies", new { name = TestApi.Unique("甲公司"), creditCode = code })).As<CompanyDto>(HttpStatusCode.Created);

        var problem = await (await admin.PostAsJsonAsync("/api/companies", new { name = TestApi.Unique("乙公司"), creditCode = code })).Problem(HttpStatusCode.Conflict);

        Assert.Equal("company.duplicateCreditCode", problem.Code);
        Assert.Equal(first.Id, problem["existingId"].GetInt64());
    }

    [Fact]
    public async Task PatchCompany_Contacts_ReplacedWholeAndVersionBumped()
    {
        var admin = await _api.AdminAsync();
        var created = await admin.PostAsJsonAsync("/api/companies", new { name = TestApi.Unique("丙公司"), contacts = new[] { new { name = "甲" }, new { name = "乙" } } });
        var company = await created.As<CompanyDto>(HttpStatusCode.Created);

        var patched = await (await TestApi.PatchAsync(admin, $"/api/companies/{company.Id}", new { contacts = new[] { new { name = "丙", phone = "0571-88888888" } } }, created.Version()))
            .As<CompanyDto>();

        Assert.Equal("丙", Assert.Single(patched.Contacts).Name);
        Assert.Equal(2, patched.Version);
    }

    [Fact]
    public async Task ListCompanies_Query_MatchesNameOrCreditCode()
    {
        var admin = await _api.AdminAsync();
        var marker = TestApi.Unique("独特");
        var code = NewCreditCode();
        await admin.PostAsJsonAsync("/api/companies", new { name = marker + "有限公司" });
        await admin.PostAsJsonAsync("/api/companies", new { name = TestApi.Unique("其他"), creditCode = code });

        var byName = await admin.GetFromJsonAsync<Paged<CompanySummary>>($"/api/companies?q={marker}", HttpAssertions.Json);
        var byCode = await admin.GetFromJsonAsync<Paged<CompanySummary>>($"/api/companies?q={code}", HttpAssertions.Json);

        Assert.Equal(marker + "有限公司", Assert.Single(byName!.Items).Name);
        Assert.Equal(code, Assert.Single(byCode!.Items).CreditCode);
    }

    [Fact]
    public async Task CreateCompany_ByAuditor_Returns403()
    {
        var auditor = await _api.CreateUserAsync(null, "auditor");

        await (await auditor.Client.PostAsJsonAsync("/api/companies", new { name = TestApi.Unique("公司") })).Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Industries_SeededFromGbT4754_ListableAndReadable()
    {
        var admin = await _api.AdminAsync();

        var industry = await admin.GetFromJsonAsync<IndustryDto>("/api/industries/C39", HttpAssertions.Json);
        var manufacturing = await admin.GetFromJsonAsync<Paged<IndustryDto>>("/api/industries?parentCode=C&pageSize=200", HttpAssertions.Json);

        Assert.Equal("计算机、通信和其他电子设备制造业", industry!.Name);
        Assert.Equal(31, manufacturing!.Total);
    }

    [Fact]
    public async Task CreateIndustry_ThenPatchPriority_RoundTrips()
    {
        var admin = await _api.AdminAsync();
        var code = "C" + Random.Shared.Next(1000, 9999);

        var created = await admin.PostAsJsonAsync("/api/industries", new { code, name = "集成电路设计", parentCode = "C39" });
        await created.Expect(HttpStatusCode.Created);
        var patched = await (await TestApi.PatchAsync(admin, $"/api/industries/{code}", new { isPriority = true }, created.Version())).As<IndustryDto>();

        Assert.True(patched.IsPriority);
        Assert.Equal("C39", patched.ParentCode);
    }

    [Fact]
    public async Task CreateIndustry_BadCodeAndDuplicate_400And409()
    {
        var admin = await _api.AdminAsync();

        var bad = await (await admin.PostAsJsonAsync("/api/industries", new { code = "39C", name = "x" })).Problem(HttpStatusCode.BadRequest);
        var duplicate = await (await admin.PostAsJsonAsync("/api/industries", new { code = "C39", name = "x" })).Problem(HttpStatusCode.Conflict);

        Assert.True(bad.HasError("code"));
        Assert.Equal("industry.duplicateCode", duplicate.Code);
    }
}
