using System.Net;
using System.Net.Http.Json;
using Pipeline.Api.Features.Imports;
using Pipeline.Api.Features.Users;
using Pipeline.Api.Tests.Features.Imports;
using Pipeline.Api.Tests.Infrastructure;

namespace Pipeline.Api.Tests.Hosting;

/// <summary>Excel out: every list and report as a sheet a 科员 can sort, filter and sum, read back with the Open XML SDK cell by cell.</summary>
public class ExcelTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    private readonly TestApi _api = new(factory);

    /// <summary>Every list and report that exports, with its first sheet's name and the start of its title.</summary>
    public static TheoryData<string, string, string> Exports => new()
    {
        { "/api/projects", "项目台账", "项目台账" },
        { "/api/companies", "客商", "客商" },
        { "/api/leads", "线索", "招商线索" },
        { "/api/trips", "外出招商", "外出招商" },
        { "/api/reviews", "预审", "项目预审" },
        { "/api/alerts", "预警", "预警" },
        { "/api/reports/funnel", "漏斗", "招商漏斗" },
        { "/api/reports/performance", "业绩", "招商业绩" },
        { "/api/reports/unit-ranking", "单位排名", "单位排名" },
        { "/api/reports/land", "土地", "土地保障" },
        { "/api/reports/signed-not-started", "签约未开工", "签约未开工" },
        { "/api/reports/trips", "外出招商成效", "外出招商成效" },
        { "/api/dispatch-sheet", "调度表", "月度调度表" },
    };

    public static TheoryData<string> ExportPaths => new(Exports.Select(e => (string)e.Data.Item1));

    [Fact]
    public async Task Export_ProjectLedger_DateCellsCodesWithNamesYesNoNumberingTitleAndWidths()
    {
        var (unit, person, leader) = await PeopleAsync();
        var admin = await _api.AdminAsync();
        await (await ImportTests.UploadAsync(admin, ImportTests.GoodRows(unit.Name, person, leader))).Expect(HttpStatusCode.OK);

        using var workbook = await XlsxFile.FromAsync(await admin.GetAsync($"/api/projects?unitId={unit.Id}&format=xlsx"));

        var sheet = workbook.Sheet("项目台账");
        Assert.Equal("项目台账（截至 2026-06-15）", sheet.Text("A1"));
        Assert.Equal("序号", sheet.Text("A2"));
        Assert.Equal([1d, 2d, 3d], [sheet.Number("A3")!.Value, sheet.Number("A4")!.Value, sheet.Number("A5")!.Value]);
        var producing = Enumerable.Range(3, 3).Single(r => sheet.Text($"{sheet.Column(LedgerRow.Stage)}{r}") == "投产");
        string Cell(string header) => $"{sheet.Column(header)}{producing}";
        Assert.Equal(new DateOnly(2025, 3, 18), sheet.Date(Cell(LedgerRow.SignedOn)));
        Assert.Equal("yyyy-mm-dd", sheet.NumberFormat(Cell(LedgerRow.SignedOn)));
        Assert.Equal(new DateOnly(2024, 11, 1), sheet.Date(Cell(LedgerRow.TalksOn)));
        Assert.Equal(("C35", "专用设备制造业"), (sheet.Text(Cell("所属产业代码")), sheet.Text(Cell("所属产业名称"))));
        Assert.Equal("否", sheet.Text(Cell("重点项目")));
        Assert.Equal(56000.5, sheet.Number(Cell(LedgerRow.TotalInvestment)));
        Assert.Equal(("宋体", "宋体"), (sheet.FontName("A1"), sheet.FontName(Cell(LedgerRow.Name))));
        Assert.Equal("A3", sheet.FrozenAt);
        Assert.True(sheet.HasAutoFilterOrDefinedFilter);
        Assert.True(sheet.Width(sheet.ColumnNumber(LedgerRow.Name)) >= 30);
        Assert.True(sheet.Width(sheet.ColumnNumber(LedgerRow.FixedAssetInvestment)) >= "固定资产投资".Length * 2, "a Chinese header is about two characters wide a character");
    }

    [Theory]
    [MemberData(nameof(Exports))]
    public async Task Export_EveryListAndReport_NamedSheetTitleAsOfHeaderFontAndWidths(string path, string sheetName, string title)
    {
        using var workbook = await XlsxFile.FromAsync(await (await _api.AdminAsync()).GetAsync($"{path}?format=xlsx"));

        var sheet = workbook.Sheet(sheetName);
        var headers = sheet.RowTexts(2);
        Assert.Equal(sheetName, workbook.SheetNames[0]);
        Assert.StartsWith(title, sheet.Text("A1"));
        Assert.EndsWith("截至 2026-06-15）", sheet.Text("A1"));
        Assert.Equal("序号", headers[0]);
        Assert.Equal("宋体", sheet.FontName("A2"));
        Assert.Equal("A3", sheet.FrozenAt);
        Assert.All(Enumerable.Range(1, headers.Count), column => Assert.True(
            sheet.Width(column) >= headers[column - 1]!.Length * 2 || (column == 1 && sheet.Width(column) >= 6), $"{headers[column - 1]}: {sheet.Width(column)}"));
    }

    [Theory]
    [MemberData(nameof(ExportPaths))]
    public async Task Export_UnknownFormat_Returns400NamingFormat(string path)
    {
        var response = await (await _api.AdminAsync()).GetAsync($"{path}?format=pdf");

        Assert.True((await response.Problem(HttpStatusCode.BadRequest)).HasError("format"));
    }

    [Fact]
    public async Task Export_UnitRanking_YesNoNeverBlank()
    {
        var unit = await _api.CreateUnitAsync();
        await (await (await _api.AdminAsync()).PutAsJsonAsync($"/api/unit-targets/2026/{unit.Id}", new { signedCount = 4, signedAmount = 50000m, startedCount = 2 }))
            .Expect(HttpStatusCode.OK);

        using var workbook = await XlsxFile.FromAsync(await (await _api.AdminAsync()).GetAsync("/api/reports/unit-ranking?format=xlsx"));

        var sheet = workbook.Sheet("单位排名");
        var column = sheet.Column("连续两年未完成目标");
        var flags = Enumerable.Range(3, sheet.Rows.Count - 2).Select(r => sheet.Text($"{column}{r}")).ToList();
        Assert.Contains(unit.Name, Enumerable.Range(3, sheet.Rows.Count - 2).Select(r => sheet.Text($"{sheet.Column("单位")}{r}")));
        Assert.All(flags, flag => Assert.Contains(flag, new[] { "是", "否" }));
    }

    private async Task<(Api.Features.Units.UnitDto Unit, UserDto Person, UserDto Leader)> PeopleAsync()
    {
        var admin = await _api.AdminAsync();
        var unit = await _api.CreateUnitAsync(TestApi.Unique("开发区"));
        var person = await (await admin.PostAsJsonAsync("/api/users", new
        {
            userName = TestApi.Unique("zhao"), displayName = TestApi.Unique("赵六"), password = TestApi.Password, roles = new[] { "staff" }, unitId = unit.Id,
        })).As<UserDto>(HttpStatusCode.Created);
        var leader = await (await admin.PostAsJsonAsync("/api/users", new
        {
            userName = TestApi.Unique("qian"), displayName = TestApi.Unique("钱副市长"), password = TestApi.Password, roles = new[] { "leader" },
        })).As<UserDto>(HttpStatusCode.Created);
        return (unit, person, leader);
    }
}
