using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MiniExcelLibs;
using Pipeline.Api.Features.Imports;
using Pipeline.Api.Features.Progress;
using Pipeline.Api.Features.Projects;
using Pipeline.Api.Hosting;
using Pipeline.Api.Tests.Features.Companies;
using Pipeline.Api.Tests.Infrastructure;
using Pipeline.Domain.Projects;

namespace Pipeline.Api.Tests.Features.Imports;

/// <summary>Ledgers as bureaus keep them: title rows, full-width brackets, the template's example row, and the five ledgers imported the same way.</summary>
public class LedgerImportTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    private readonly TestApi _api = new(factory);

    public static TheoryData<string, string> Ledgers => new(Api.Features.Imports.Ledgers.All.Select(k => (k.Route, k.SheetName)));

    public static TheoryData<string> Routes => new(Api.Features.Imports.Ledgers.All.Select(k => k.Route));

    [Fact]
    public async Task Import_BureauLedgerWithTitleRowsAndFullWidthBrackets_FindsTheHeaderAndImports()
    {
        var unit = await _api.CreateUnitAsync(TestApi.Unique("高新区"));
        string?[][] sheet =
        [
            ["XX市招商引资项目台账", null, null, null, null, null, null],
            ["填报单位：" + unit.Name, null, null, null, "填报日期：2026年6月10日", null, null],
            [null, null, null, null, null, null, null],
            ["序号", "项目 名称", "所属产业", "总投资（万元）", "用地面积【亩】", "责任单位", "洽谈日期"],
            ["1", "食品深加工项目", "C13", "3000.5", "12.5", unit.Name, "2026/3/1"],
        ];

        var report = await (await UploadAsync(await _api.AdminAsync(), "projects", Rows(sheet))).As<LedgerImport.ImportReport>();

        Assert.Equal((1, 1, 0), (report.Rows, report.Created, report.Problems.Count));
        var project = Assert.Single(await ProjectsAsync(unit.Id));
        Assert.Equal(("食品深加工项目", 3000.5m, 12.5m, new DateOnly(2026, 3, 1)),
            (project.Name, project.TotalInvestment, project.LandAreaMu!.Value, project.TalksStartedOn));
    }

    [Theory]
    [MemberData(nameof(Ledgers))]
    public async Task Template_EachLedger_TitleHeaderOnRowTwoAndExampleRowMarked(string route, string sheetName)
    {
        var kind = Api.Features.Imports.Ledgers.All.Single(k => k.Route == route);

        using var workbook = await XlsxFile.FromAsync(await (await _api.AdminAsync()).GetAsync($"/api/imports/{route}/template"));

        var sheet = workbook.Sheet(sheetName);
        Assert.Equal([sheetName, "填写说明"], workbook.SheetNames);
        Assert.StartsWith(sheetName, sheet.Text("A1"));
        Assert.Equal(["序号", .. kind.Columns.Select(c => c.Name)], sheet.RowTexts(2));
        Assert.Equal(LedgerImport.ExampleMark, sheet.Text("A3"));
        var example = kind.Example(new DateOnly(2026, 6, 15));
        Assert.All(kind.Columns.Where(c => c.Kind == CellKind.Date && example.ContainsKey(c.Name)),
            c => Assert.Equal(example[c.Name], sheet.Date($"{sheet.Column(c.Name)}3")));
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Import_TemplateAsDownloaded_ExampleRowNeverImported(string route)
    {
        var admin = await _api.AdminAsync();
        var template = await (await admin.GetAsync($"/api/imports/{route}/template")).Content.ReadAsByteArrayAsync();

        var report = await (await UploadAsync(admin, route, template)).As<LedgerImport.ImportReport>();

        Assert.Equal((0, 0, 0), (report.Rows, report.Created, report.Problems.Count));
    }

    [Fact]
    public async Task Import_ExampleRowBesideARealOne_OnlyTheRealOneImported()
    {
        var unit = await _api.CreateUnitAsync(TestApi.Unique("开发区"));
        string?[][] sheet =
        [
            ["序号", LedgerRow.Name, LedgerRow.Industry, LedgerRow.TotalInvestment, LedgerRow.Unit],
            ["示例", "年产5万套智能装备生产基地项目", "C35", "52000", unit.Name],
            ["1", "电子元件项目", "C39", "8000", unit.Name],
        ];

        var report = await (await UploadAsync(await _api.AdminAsync(), "projects", Rows(sheet))).As<LedgerImport.ImportReport>();

        Assert.Equal((1, 1), (report.Rows, report.Created));
        Assert.Equal(["电子元件项目"], (await ProjectsAsync(unit.Id)).Select(p => p.Name));
    }

    [Fact]
    public async Task Import_MigrationWithPreReviewAndReviewPassedDates_RecordsBoth()
    {
        var (unit, person) = await UnitWithPersonAsync();
        string?[][] sheet =
        [
            [LedgerRow.Name, LedgerRow.Industry, LedgerRow.TotalInvestment, LedgerRow.Unit, LedgerRow.Person, LedgerRow.Stage, LedgerRow.TalksOn,
                LedgerRow.PreReviewOn, LedgerRow.ReviewPassedOn, LedgerRow.SignedOn, LedgerRow.LandMode],
            ["精密模具项目", "C35", "12000", unit.Name, person, "签约", "2025-01-10", "2025-03-01", "2025-03-20", "2025-05-08", "标准厂房"],
        ];
        var admin = await _api.AdminAsync();

        var report = await (await UploadAsync(admin, "projects", Rows(sheet), query: "migration=true")).As<LedgerImport.ImportReport>();

        Assert.Equal(1, report.Created);
        var project = Assert.Single(await ProjectsAsync(unit.Id));
        var detail = (await admin.GetFromJsonAsync<ProjectDto>($"/api/projects/{project.Id}", HttpAssertions.Json))!;
        var history = (await admin.GetFromJsonAsync<List<HistoryEntry>>($"/api/projects/{project.Id}/history", HttpAssertions.Json))!;
        Assert.Equal((new DateOnly(2025, 3, 1), new DateOnly(2025, 3, 20)), (detail.PreReviewOn, detail.ReviewPassedOn));
        Assert.Equal([(Stage.Talks, new DateOnly(2025, 1, 10)), (Stage.PreReview, new DateOnly(2025, 3, 1)), (Stage.Signed, new DateOnly(2025, 5, 8))],
            history.Select(h => (h.To, h.On)));
    }

    [Fact]
    public async Task Transition_SigningBeforeMigratedReviewPass_Returns409NamingTheMigratedDate()
    {
        var (unit, person) = await UnitWithPersonAsync();
        string?[][] sheet =
        [
            [LedgerRow.Name, LedgerRow.Industry, LedgerRow.TotalInvestment, LedgerRow.Unit, LedgerRow.Person, LedgerRow.Stage, LedgerRow.TalksOn,
                LedgerRow.PreReviewOn, LedgerRow.ReviewPassedOn, LedgerRow.LandMode],
            ["迁移过会项目", "C35", "12000", unit.Name, person, "预审", "2026-01-10", "2026-03-01", "2026-03-20", "标准厂房"],
        ];
        var admin = await _api.AdminAsync();
        await (await UploadAsync(admin, "projects", Rows(sheet), query: "migration=true")).As<LedgerImport.ImportReport>();
        var project = Assert.Single(await ProjectsAsync(unit.Id));

        var early = await (await TestApi.TransitionAsync(admin, project, new { to = "signed", on = "2026-03-10", contractAmount = 12000m }))
            .Problem(HttpStatusCode.Conflict);
        var onTime = await TestApi.TransitionAsync(admin, project, new { to = "signed", on = "2026-03-20", contractAmount = 12000m });

        Assert.Equal("transition.beforeReviewDecision", early.Code);
        Assert.Equal("该项目于 2026-03-20 过会（迁移导入的记录），签约日期 2026-03-10 不能早于该日期。", early.Detail);
        await onTime.Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Import_ReviewPassedDateWithoutMigration_RefusedAtThatColumn()
    {
        var unit = await _api.CreateUnitAsync(TestApi.Unique("开发区"));
        string?[][] sheet =
        [
            [LedgerRow.Name, LedgerRow.Industry, LedgerRow.TotalInvestment, LedgerRow.Unit, LedgerRow.Stage, LedgerRow.PreReviewOn, LedgerRow.ReviewPassedOn],
            ["精密模具项目", "C35", "12000", unit.Name, "预审", "2026-03-01", "2026-03-20"],
        ];

        var report = await (await UploadAsync(await _api.AdminAsync(), "projects", Rows(sheet), dryRun: true)).As<LedgerImport.ImportReport>();

        Assert.Equal((2, LedgerRow.ReviewPassedOn), (Assert.Single(report.Problems).Row, report.Problems[0].Column));
    }

    [Fact]
    public async Task Import_LeadLedger_DryRunChangesNothingImportsOnceAndAgainCreatesNothing()
    {
        var unit = await _api.CreateUnitAsync(TestApi.Unique("开发区"));
        string?[][] sheet =
        [
            [LeadLedger.Title, LeadLedger.Unit, LeadLedger.Company, LeadLedger.Industry, LeadLedger.Investment, LeadLedger.Source, LeadLedger.Content,
                LeadLedger.Requirements, LeadLedger.ContactName, LeadLedger.ContactPhone, LeadLedger.LoggedOn],
            ["汽车零部件项目", unit.Name, "宁波远航汽车零部件有限公司", "C36", "30000", "展会", "电驱动壳体压铸", "用地80亩", "王强", "13800138000", "2026-06-01"],
            ["光伏组件项目", unit.Name, "江苏晶辉新能源有限公司", "电气机械和器材制造业", "12000.25", "以商招商", "组件封装", "标准厂房2万平方米", "刘洋", "13900139000", null],
        ];

        var (dry, none, real, again) = await DryRealAgainAsync("leads", Rows(sheet), () => TotalAsync($"/api/leads?unitId={unit.Id}"));

        Assert.Equal((true, 2, 2, 0), (dry.DryRun, dry.Rows, dry.Created, dry.Problems.Count));
        Assert.Equal(0, none);
        Assert.Equal((2, 0), (real.Created, real.Skipped));
        Assert.Equal((0, 2), (again.Created, again.Skipped));
        var leads = await (await _api.AdminAsync()).GetFromJsonAsync<JsonElement>($"/api/leads?unitId={unit.Id}", HttpAssertions.Json);
        Assert.Equal(2, leads.GetProperty("total").GetInt32());
        Assert.All(leads.GetProperty("items").EnumerateArray(), l => Assert.Equal("new", l.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Import_CompanyLedger_DryRunChangesNothingImportsOnceAndAgainCreatesNothing()
    {
        var token = Guid.NewGuid().ToString("N")[..8];
        var name = $"厦门海晟{token}精密机械有限公司";
        var code = CompanyAndIndustryTests.NewCreditCode();
        string?[][] sheet =
        [
            [CompanyLedger.Name, CompanyLedger.CreditCode, CompanyLedger.Region, CompanyLedger.Industry, CompanyLedger.ContactName, CompanyLedger.ContactPhone],
            [name, code, "福建省厦门市", "C34", "陈明", "13700137000"],
            [$"泉州{token}贸易有限公司", null, "福建省泉州市", null, null, null],
        ];

        var (dry, none, real, again) = await DryRealAgainAsync("companies", Rows(sheet), () => TotalAsync($"/api/companies?q={token}"));

        Assert.Equal((true, 2, 2, 0), (dry.DryRun, dry.Rows, dry.Created, dry.Problems.Count));
        Assert.Equal(0, none);
        Assert.Equal((2, 0), (real.Created, real.Skipped));
        Assert.Equal((0, 2), (again.Created, again.Skipped));
        Assert.Equal(2, await TotalAsync($"/api/companies?q={token}"));
    }

    [Fact]
    public async Task Import_InvestmentLedger_DryRunChangesNothingImportsOnceAndAgainCreatesNothing()
    {
        var unit = await _api.CreateUnitAsync(TestApi.Unique("开发区"));
        var project = await _api.CreateProjectAsync(unit.Id);
        string?[][] sheet =
        [
            [ProgressLedger.Project, ProgressLedger.Unit, ProgressLedger.Month, ProgressLedger.Amount],
            [project.Name, unit.Name, "2026-04", "1250.5"],
            [project.Name, unit.Name, "2026年5月", "0"],
        ];

        var (dry, none, real, again) = await DryRealAgainAsync("investments", Rows(sheet), async () => (await ProgressAsync(project.Id)).Investments.Count);

        Assert.Equal((true, 2, 2, 0), (dry.DryRun, dry.Rows, dry.Created, dry.Problems.Count));
        Assert.Equal(0, none);
        Assert.Equal((2, 0), (real.Created, real.Skipped));
        Assert.Equal((0, 0, 2), (again.Created, again.Updated, again.Skipped));
        Assert.Equal([(new DateOnly(2026, 4, 1), 1250.5m), (new DateOnly(2026, 5, 1), 0m)],
            (await ProgressAsync(project.Id)).Investments.Select(i => (i.Month, i.Amount)));
    }

    [Fact]
    public async Task Import_PerformanceLedger_DryRunChangesNothingImportsOnceAgainCreatesNothingAndNewFiguresUpdate()
    {
        var unit = await _api.CreateUnitAsync(TestApi.Unique("开发区"));
        var project = await _api.CreateProjectAsync(unit.Id);
        string?[][] Sheet(string tax) =>
        [
            [ProgressLedger.Project, ProgressLedger.Unit, ProgressLedger.Year, ProgressLedger.Tax, ProgressLedger.Output, ProgressLedger.Energy, ProgressLedger.Employees],
            [project.Name, unit.Name, "2025", tax, "86000", "5200", "420"],
        ];

        var (dry, none, real, again) = await DryRealAgainAsync("performance", Rows(Sheet("3600")), async () => (await ProgressAsync(project.Id)).Performance.Count);
        var changed = await (await UploadAsync(await _api.AdminAsync(), "performance", Rows(Sheet("3800.5")))).As<LedgerImport.ImportReport>();

        Assert.Equal((true, 1, 1, 0), (dry.DryRun, dry.Rows, dry.Created, dry.Problems.Count));
        Assert.Equal(0, none);
        Assert.Equal((1, 0), (real.Created, real.Skipped));
        Assert.Equal((0, 1), (again.Created, again.Skipped));
        Assert.Equal((0, 1), (changed.Created, changed.Updated));
        Assert.Equal((2025, 3800.5m, 86000m, 5200m, 420), (await ProgressAsync(project.Id)).Performance.Select(p => (p.Year, p.Tax, p.Output, p.EnergyTce, p.Employees!.Value)).Single());
    }

    [Fact]
    public async Task Import_RowProblemsWithoutAcceptLanguage_ReportedInChinese()
    {
        var unit = await _api.CreateUnitAsync(TestApi.Unique("开发区"));
        string?[][] sheet =
        [
            [LeadLedger.Title, LeadLedger.Unit, LeadLedger.Company, LeadLedger.Industry, LeadLedger.Investment, LeadLedger.Source, LeadLedger.Content,
                LeadLedger.Requirements, LeadLedger.ContactName, LeadLedger.ContactPhone],
            ["汽车零部件项目", unit.Name, null, "C36", "三万", "路边", "电驱动壳体压铸", "用地80亩", "王强", "13800138000"],
        ];
        var chinese = factory.CreateClient();
        chinese.DefaultRequestHeaders.Authorization = (await _api.AdminAsync()).DefaultRequestHeaders.Authorization;

        var problem = await (await UploadAsync(chinese, "leads", Rows(sheet))).Problem(HttpStatusCode.BadRequest);

        var problems = problem["problems"].EnumerateArray().ToDictionary(p => p.GetProperty("column").GetString()!, p => p.GetProperty("message").GetString()!);
        Assert.Equal("台账有误，未导入任何内容。", problem.Body.GetProperty("title").GetString());
        Assert.Equal("必填。", problems[LeadLedger.Company]);
        Assert.Contains("三万", problems[LeadLedger.Investment]);
        Assert.Contains("路边", problems[LeadLedger.Source]);
        Assert.All(problems.Values, message => Assert.Contains(message, c => c is >= '\u4e00' and <= '\u9fff'));
        Assert.Equal(0, await TotalAsync($"/api/leads?unitId={unit.Id}"));
    }

    /// <summary>The dry run, what it left (counted by <paramref name="count"/>), the real import, and the same file again.</summary>
    private async Task<(LedgerImport.ImportReport Dry, int None, LedgerImport.ImportReport Real, LedgerImport.ImportReport Again)> DryRealAgainAsync(
        string route, byte[] file, Func<Task<int>> count)
    {
        var admin = await _api.AdminAsync();
        var dry = await (await UploadAsync(admin, route, file, dryRun: true)).As<LedgerImport.ImportReport>();
        var none = await count();
        var real = await (await UploadAsync(admin, route, file)).As<LedgerImport.ImportReport>();
        var again = await (await UploadAsync(admin, route, file)).As<LedgerImport.ImportReport>();
        return (dry, none, real, again);
    }

    /// <summary>A sheet exactly as given, row by row from A1, with no header of MiniExcel's own.</summary>
    private static byte[] Rows(string?[][] sheet)
    {
        var width = sheet.Max(r => r.Length);
        var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, sheet.Select(r => Enumerable.Range(0, width).ToDictionary(i => $"c{i}", i => (object?)(i < r.Length ? r[i] : null))), printHeader: false);
        return stream.ToArray();
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, string route, byte[] bytes, bool dryRun = false, string? query = null)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(Excel.ContentType);
        var form = new MultipartFormDataContent { { file, "file", "台账.xlsx" } };
        var parameters = string.Join("&", new[] { dryRun ? "dryRun=true" : null, query }.OfType<string>());
        return client.PostAsync($"/api/imports/{route}{(parameters.Length > 0 ? "?" + parameters : "")}", form);
    }

    private async Task<(Api.Features.Units.UnitDto Unit, string Person)> UnitWithPersonAsync()
    {
        var unit = await _api.CreateUnitAsync(TestApi.Unique("开发区"));
        var person = await _api.CreateUserAsync(unit.Id, "staff");
        return (unit, person.UserName);
    }

    private async Task<int> TotalAsync(string url) =>
        (await (await _api.AdminAsync()).GetFromJsonAsync<JsonElement>(url, HttpAssertions.Json)).GetProperty("total").GetInt32();

    private async Task<ProgressDto> ProgressAsync(long projectId) =>
        (await (await _api.AdminAsync()).GetFromJsonAsync<ProgressDto>($"/api/projects/{projectId}/progress", HttpAssertions.Json))!;

    private async Task<List<ProjectDto>> ProjectsAsync(long unit)
    {
        var admin = await _api.AdminAsync();
        var list = (await admin.GetFromJsonAsync<Paged<ProjectSummary>>($"/api/projects?unitId={unit}&pageSize=200", HttpAssertions.Json))!.Items;
        var projects = new List<ProjectDto>();
        foreach (var summary in list.OrderBy(p => p.Id))
        {
            projects.Add((await admin.GetFromJsonAsync<ProjectDto>($"/api/projects/{summary.Id}", HttpAssertions.Json))!);
        }

        return projects;
    }
}
