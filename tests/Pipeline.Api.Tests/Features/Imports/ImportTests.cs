using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using MiniExcelLibs;
using Pipeline.Api.Features.Imports;
using Pipeline.Api.Features.Projects;
using Pipeline.Api.Hosting;
using Pipeline.Api.Tests.Features.Companies;
using Pipeline.Api.Tests.Infrastructure;
using Pipeline.Domain.Projects;

namespace Pipeline.Api.Tests.Features.Imports;

public class ImportTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task Template_LedgerColumnsAndInstructions()
    {
        var response = await (await _api.AdminAsync()).GetAsync("/api/imports/projects/template");
        await response.Expect(HttpStatusCode.OK);
        var workbook = new MemoryStream(await response.Content.ReadAsByteArrayAsync());

        Assert.Equal(["项目台账", "填写说明"], MiniExcel.GetSheetNames(workbook));
        Assert.Equal(LedgerRow.Columns, MiniExcel.GetColumns(workbook, useHeaderRow: true, sheetName: "项目台账").ToList());
    }

    [Fact]
    public async Task Import_DryRunThenRealThenAgain_CreatesOnceWithHistoryAndChangesNothingTheSecondTime()
    {
        var (unit, person, leader) = await PeopleAsync();
        var rows = GoodRows(unit.Name, person, leader);
        var admin = await _api.AdminAsync();

        var dry = await (await UploadAsync(admin, rows, dryRun: true)).As<LedgerImport.ImportReport>();
        var none = await ProjectsAsync(unit.Id);
        var real = await (await UploadAsync(admin, rows)).As<LedgerImport.ImportReport>();
        var projects = await ProjectsAsync(unit.Id);
        var again = await (await UploadAsync(admin, rows)).As<LedgerImport.ImportReport>();

        Assert.Equal((true, 3, 3, 0), (dry.DryRun, dry.Rows, dry.Created, dry.Problems.Count));
        Assert.Empty(none);
        Assert.Equal((3, 0), (real.Created, real.Skipped));
        Assert.Equal((0, 3), (again.Created, again.Skipped));
        Assert.Equal(3, (await ProjectsAsync(unit.Id)).Count);
        var producing = projects.Single(p => p.Stage == Stage.Production);
        var detail = await admin.GetFromJsonAsync<ProjectDto>($"/api/projects/{producing.Id}", HttpAssertions.Json);
        var history = (await admin.GetFromJsonAsync<List<HistoryEntry>>($"/api/projects/{producing.Id}/history", HttpAssertions.Json))!;
        Assert.Equal([Stage.Talks, Stage.Signed, Stage.Groundbreaking, Stage.Production], history.Select(h => h.To));
        Assert.Equal(new DateOnly(2025, 3, 18), history[1].On);
        Assert.Equal((LandMode.ExistingBuilding, 56000.5m, new DateOnly(2025, 9, 1), new DateOnly(2026, 5, 20)),
            (detail!.LandMode, detail.ContractAmount!.Value, detail.GroundbreakingOn!.Value, detail.ProductionOn!.Value));
        Assert.Equal(leader.Id, detail.LeaderId);
        var supplied = projects.Single(p => p.Stage == Stage.LandSupply);
        Assert.Equal(88.25m, (await admin.GetFromJsonAsync<ProjectDto>($"/api/projects/{supplied.Id}", HttpAssertions.Json))!.LandSuppliedMu);
    }

    [Fact]
    public async Task Import_ExportedLedger_RoundTripsWithoutChange()
    {
        var (unit, person, leader) = await PeopleAsync();
        var admin = await _api.AdminAsync();
        await (await UploadAsync(admin, GoodRows(unit.Name, person, leader))).Expect(HttpStatusCode.OK);
        var before = await ProjectsAsync(unit.Id);

        var export = await admin.GetAsync($"/api/projects?unitId={unit.Id}&format=xlsx");
        await export.Expect(HttpStatusCode.OK);
        var bytes = await export.Content.ReadAsByteArrayAsync();
        var exported = MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        var again = await (await UploadAsync(admin, bytes)).As<LedgerImport.ImportReport>();
        var after = await ProjectsAsync(unit.Id);

        Assert.Equal(3, exported.Count);
        var producing = exported.Single(r => (string)r[LedgerRow.Stage] == "投产");
        Assert.Equal(("2025-03-18", "标准厂房", unit.Name, person.DisplayName), ((string)producing[LedgerRow.SignedOn], (string)producing[LedgerRow.LandMode], (string)producing[LedgerRow.Unit], (string)producing[LedgerRow.Person]));
        Assert.Equal(56000.5m, Convert.ToDecimal(producing[LedgerRow.ContractAmount], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((0, 3, 0), (again.Created, again.Skipped, again.Problems.Count));
        Assert.Equal(before.Select(p => (p.Id, p.Version, p.Stage)), after.Select(p => (p.Id, p.Version, p.Stage)));
    }

    [Fact]
    public async Task Import_DryRunWithBadRows_ReportsEachByRowAndColumnAndWritesNothing()
    {
        var (unit, person, leader) = await PeopleAsync();
        var rows = GoodRows(unit.Name, person, leader);
        rows.Insert(1, new Dictionary<string, object?>
        {
            [LedgerRow.Name] = "问题项目", [LedgerRow.Industry] = "Z99", [LedgerRow.TotalInvestment] = -5m, [LedgerRow.Unit] = "不存在的单位",
            [LedgerRow.Stage] = "签约", [LedgerRow.SignedOn] = "2026-13-01", [LedgerRow.CreditCode] = "91350100M000100Y44",
        });

        var report = await (await UploadAsync(await _api.AdminAsync(), rows, dryRun: true)).As<LedgerImport.ImportReport>();

        var row3 = report.Problems.Where(p => p.Row == 3).Select(p => p.Column).ToHashSet();
        Assert.Superset(new HashSet<string> { LedgerRow.Industry, LedgerRow.TotalInvestment, LedgerRow.Unit, LedgerRow.SignedOn, LedgerRow.CreditCode, LedgerRow.Person }, row3);
        Assert.DoesNotContain(report.Problems, p => p.Row != 3);
        Assert.Empty(await ProjectsAsync(unit.Id));
    }

    [Fact]
    public async Task Import_RealWithOneFailingRow_RollsEveryRowBack()
    {
        var (unit, person, leader) = await PeopleAsync();
        var rows = GoodRows(unit.Name, person, leader);
        rows.Add(new Dictionary<string, object?>
        {
            [LedgerRow.Name] = "日期颠倒的项目", [LedgerRow.Industry] = "C39", [LedgerRow.TotalInvestment] = 100m, [LedgerRow.Unit] = unit.Name,
            [LedgerRow.Person] = person.UserName, [LedgerRow.Stage] = "开工", [LedgerRow.SignedOn] = "2025-06-01", [LedgerRow.GroundbreakingOn] = "2025-05-01",
            [LedgerRow.LandMode] = "标准厂房",
        });

        var problem = await (await UploadAsync(await _api.AdminAsync(), rows)).Problem(HttpStatusCode.BadRequest);

        Assert.Equal("台账有误，未导入任何内容。", problem.Body.GetProperty("title").GetString());
        var listed = problem["problems"].EnumerateArray().Single();
        Assert.Equal((5, LedgerRow.GroundbreakingOn), (listed.GetProperty("row").GetInt32(), listed.GetProperty("column").GetString()));
        Assert.Empty(await ProjectsAsync(unit.Id));
    }

    [Fact]
    public async Task Import_ProjectRepeatedInFile_ReportedAtTheRepeatAndNothingImported()
    {
        var (unit, person, leader) = await PeopleAsync();
        var rows = GoodRows(unit.Name, person, leader);
        rows.Add(new Dictionary<string, object?>(rows[0]) { [LedgerRow.TotalInvestment] = 3500m });
        var admin = await _api.AdminAsync();

        var dry = await (await UploadAsync(admin, rows, dryRun: true)).As<LedgerImport.ImportReport>();
        var real = await (await UploadAsync(admin, rows)).Problem(HttpStatusCode.BadRequest);

        var repeat = Assert.Single(dry.Problems);
        Assert.Equal((5, LedgerRow.Name), (repeat.Row, repeat.Column));
        Assert.Equal((4, 3), (dry.Rows, dry.Created));
        Assert.Equal(5, real["problems"].EnumerateArray().Single().GetProperty("row").GetInt32());
        Assert.Empty(await ProjectsAsync(unit.Id));
    }

    [Fact]
    public async Task Import_ByStaffIntoAnotherUnitMissingColumnsOrNotAWorkbook_Refused()
    {
        var (unit, person, leader) = await PeopleAsync();
        var outsider = await _api.CreateUserAsync((await _api.CreateUnitAsync()).Id, "staff");

        var foreign = await (await UploadAsync(outsider.Client, GoodRows(unit.Name, person, leader), dryRun: true)).As<LedgerImport.ImportReport>();
        var missing = await (await UploadAsync(await _api.AdminAsync(), [new Dictionary<string, object?> { ["项目"] = "x" }])).Problem(HttpStatusCode.BadRequest);
        var garbage = await (await UploadAsync(await _api.AdminAsync(), "not a workbook"u8.ToArray())).Problem(HttpStatusCode.BadRequest);

        Assert.All(foreign.Problems, p => Assert.Equal(LedgerRow.Unit, p.Column));
        Assert.Equal(3, foreign.Problems.Count);
        Assert.Contains("项目名称", missing.Detail);
        Assert.Contains("xlsx", garbage.Detail);
    }

    private async Task<(Api.Features.Units.UnitDto Unit, Api.Features.Users.UserDto Person, Api.Features.Users.UserDto Leader)> PeopleAsync()
    {
        var admin = await _api.AdminAsync();
        var unit = await _api.CreateUnitAsync(TestApi.Unique("开发区"));
        var person = await (await admin.PostAsJsonAsync("/api/users", new
        {
            userName = TestApi.Unique("zhao"), displayName = TestApi.Unique("赵六"), password = TestApi.Password, roles = new[] { "staff" }, unitId = unit.Id,
        })).As<Api.Features.Users.UserDto>(HttpStatusCode.Created);
        var leader = await (await admin.PostAsJsonAsync("/api/users", new
        {
            userName = TestApi.Unique("qian"), displayName = TestApi.Unique("钱副市长"), password = TestApi.Password, roles = new[] { "leader" },
        })).As<Api.Features.Users.UserDto>(HttpStatusCode.Created);
        return (unit, person, leader);
    }

    public static List<Dictionary<string, object?>> GoodRows(string unit, Api.Features.Users.UserDto person, Api.Features.Users.UserDto leader) =>
    [
        new()
        {
            [LedgerRow.Name] = "食品深加工项目", [LedgerRow.Industry] = "农副食品加工业", [LedgerRow.TotalInvestment] = 3000m, [LedgerRow.Unit] = unit,
            [LedgerRow.Stage] = "洽谈", [LedgerRow.TalksOn] = "2026-03-01",
        },
        new()
        {
            [LedgerRow.Name] = "智能装备生产基地", [LedgerRow.Company] = TestApi.Unique("云帆智能装备有限公司"),
            [LedgerRow.CreditCode] = CompanyAndIndustryTests.NewCreditCode(), [LedgerRow.Industry] = "C35", [LedgerRow.TotalInvestment] = 56000.5m,
            [LedgerRow.LandMode] = "标准厂房", [LedgerRow.Unit] = unit, [LedgerRow.Person] = person.DisplayName, [LedgerRow.Leader] = leader.UserName,
            [LedgerRow.Stage] = "投产", [LedgerRow.TalksOn] = "2024-11-01", [LedgerRow.SignedOn] = "2025-03-18", [LedgerRow.GroundbreakingOn] = "2025-09-01",
            [LedgerRow.ProductionOn] = "2026-05-20", [LedgerRow.PlannedGroundbreakingOn] = "2025-08-01",
        },
        new()
        {
            [LedgerRow.Name] = "新能源电池项目", [LedgerRow.Industry] = "C38", [LedgerRow.TotalInvestment] = 80000m, [LedgerRow.LandArea] = 100m,
            [LedgerRow.Unit] = unit, [LedgerRow.Person] = $"{person.DisplayName}({person.UserName})", [LedgerRow.Stage] = "供地", [LedgerRow.SignedOn] = "2025-10-10",
            [LedgerRow.LandSuppliedOn] = "2026-02-01", [LedgerRow.LandSuppliedMu] = 88.25m, [LedgerRow.ContractAmount] = 75000m,
        },
    ];

    public static Task<HttpResponseMessage> UploadAsync(HttpClient client, List<Dictionary<string, object?>> rows, bool dryRun = false, string? query = null)
    {
        var stream = new MemoryStream();
        var columns = rows.SelectMany(r => r.Keys).Distinct().ToList();
        MiniExcel.SaveAs(stream, rows.Select(r => columns.ToDictionary(c => c, c => r.GetValueOrDefault(c))));
        return UploadAsync(client, stream.ToArray(), dryRun, query);
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] bytes, bool dryRun = false, string? query = null)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(Excel.ContentType);
        var form = new MultipartFormDataContent { { file, "file", "台账.xlsx" } };
        var parameters = string.Join("&", new[] { dryRun ? "dryRun=true" : null, query }.OfType<string>());
        return client.PostAsync($"/api/imports/projects{(parameters.Length > 0 ? "?" + parameters : "")}", form);
    }

    private async Task<List<ProjectSummary>> ProjectsAsync(long unit) =>
        (await (await _api.AdminAsync()).GetFromJsonAsync<Paged<ProjectSummary>>($"/api/projects?unitId={unit}&pageSize=200", HttpAssertions.Json))!.Items
            .OrderBy(p => p.Id).ToList();
}
