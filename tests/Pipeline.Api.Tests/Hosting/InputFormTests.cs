using System.Net;
using System.Net.Http.Json;
using Pipeline.Api.Features.Progress;
using Pipeline.Api.Tests.Infrastructure;

namespace Pipeline.Api.Tests.Hosting;

/// <summary>The small forms people type (issue 15, item 6): months written yyyy-MM, parcel outlines, telephone numbers.</summary>
public class InputFormTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task RecordInvestment_MonthWrittenYyyyMm_AcceptedAsThatMonth()
    {
        var unit = await _api.CreateUnitAsync();
        var project = await _api.CreateProjectAsync(unit.Id);
        var admin = await _api.AdminAsync();
        var month = factory.Today.AddMonths(-1);

        var progress = await (await admin.PostAsJsonAsync($"/api/projects/{project.Id}/investments", new { month = $"{month:yyyy-MM}", amount = 1200m })).As<ProgressDto>();
        var bad = await (await admin.PostAsJsonAsync($"/api/projects/{project.Id}/investments", new { month = "2026-13", amount = 1m })).Problem(HttpStatusCode.BadRequest);

        var recorded = Assert.Single(progress.Investments);
        Assert.Equal((new DateOnly(month.Year, month.Month, 1), 1200m), (recorded.Month, recorded.Amount));
        Assert.Contains("yyyy-MM", bad.Error("month"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateParcel_OutlineNotAClosedPolygonInRange_Returns400NamingOutline()
    {
        var admin = await _api.AdminAsync();
        object[] bad =
        [
            new { type = "Polygon", coordinates = "nonsense" },
            new { type = "Point", coordinates = new[] { 117.1, 36.6 } },
            new { type = "Polygon", coordinates = new[] { new[] { new[] { 117.1, 36.6 }, new[] { 117.2, 36.6 }, new[] { 117.2, 36.7 }, new[] { 117.3, 36.6 } } } },
            new { type = "Polygon", coordinates = new[] { new[] { new[] { 117.1, 36.6 }, new[] { 117.2, 36.6 }, new[] { 117.1, 36.6 } } } },
            new { type = "Polygon", coordinates = new[] { new[] { new[] { 217.1, 36.6 }, new[] { 117.2, 36.6 }, new[] { 117.2, 96.7 }, new[] { 217.1, 36.6 } } } },
        ];

        foreach (var outline in bad)
        {
            var problem = await (await admin.PostAsJsonAsync("/api/parcels", new { code = TestApi.Unique("GEO"), location = "开发区", areaMu = 10m, outline }))
                .Problem(HttpStatusCode.BadRequest);
            Assert.True(problem.HasError("outline"), $"{System.Text.Json.JsonSerializer.Serialize(outline)} should be refused");
        }

        var multi = new
        {
            type = "MultiPolygon",
            coordinates = new[] { new[] { new[] { new[] { 117.1, 36.6 }, new[] { 117.2, 36.6 }, new[] { 117.2, 36.7 }, new[] { 117.1, 36.6 } } } },
        };
        await (await admin.PostAsJsonAsync("/api/parcels", new { code = TestApi.Unique("GEO"), location = "开发区", areaMu = 10m, outline = multi }))
            .Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Phones_NotMobileNorLandlineWithAreaCode_Returns400ForEachField()
    {
        var admin = await _api.AdminAsync();
        var unit = await _api.CreateUnitAsync();

        var company = await (await admin.PostAsJsonAsync("/api/companies", new { name = TestApi.Unique("电话公司"), contacts = new[] { new { name = "王经理", phone = "abc" } } }))
            .Problem(HttpStatusCode.BadRequest);
        var user = await (await admin.PostAsJsonAsync("/api/users", new
        {
            userName = TestApi.Unique("user"), displayName = "赵六", password = TestApi.Password, roles = new[] { "staff" }, unitId = unit.Id, phone = "88888888",
        })).Problem(HttpStatusCode.BadRequest);
        var lead = await (await admin.PostAsJsonAsync("/api/leads", new
        {
            title = "扩产项目", companyName = TestApi.Unique("线索公司"), industryCode = "C35", estimatedInvestment = 1000m, content = "扩产",
            investorRequirements = "用地50亩", contactName = "陈总", contactPhone = "abc", source = "referral", unitId = unit.Id,
        })).Problem(HttpStatusCode.BadRequest);
        var good = await admin.PostAsJsonAsync("/api/companies", new
        {
            name = TestApi.Unique("电话公司"), contacts = new[] { new { name = "甲", phone = "13912345678" }, new { name = "乙", phone = "0571-88888888" } },
        });

        Assert.True(company.HasError("contacts[0].phone"));
        Assert.True(user.HasError("phone"));
        Assert.True(lead.HasError("contactPhone"));
        await good.Expect(HttpStatusCode.Created);
    }
}
