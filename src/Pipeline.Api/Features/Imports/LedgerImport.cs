using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using MiniExcelLibs.Attributes;
using Pipeline.Api.Data;
using Pipeline.Api.Features.Audit;
using Pipeline.Api.Features.Companies;
using Pipeline.Api.Features.Projects;
using Pipeline.Api.Hosting;
using Pipeline.Domain;
using Pipeline.Domain.Accounts;
using Pipeline.Domain.Companies;
using Pipeline.Domain.Projects;

namespace Pipeline.Api.Features.Imports;

/// <summary>
/// Moves a bureau's existing ledger (项目台账, xlsx) in without retyping. The file is read row by row; every problem is
/// reported by row and column; a real import is one transaction (every row or none); a project that already exists
/// (same name in the same unit) is skipped, so importing a file twice creates nothing new. Stage dates become history.
/// </summary>
public static class LedgerImport
{
    public sealed record RowProblem(int Row, string Column, string Message);

    public sealed record ImportReport(bool DryRun, int Rows, int Created, int Skipped, IReadOnlyList<RowProblem> Problems);

    public sealed class Instruction
    {
        [ExcelColumnName("列")]
        public string Column { get; init; } = "";

        [ExcelColumnName("必填")]
        public string Required { get; init; } = "";

        [ExcelColumnName("说明")]
        public string Description { get; init; } = "";
    }

    private static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>
    {
        [LedgerRow.Name] = "项目名称；同一责任单位下名称相同视为同一项目，重复导入时跳过",
        [LedgerRow.Company] = "投资方企业名称；有统一社会信用代码时按代码匹配已有企业",
        [LedgerRow.CreditCode] = "18位统一社会信用代码（GB 32100-2015），可空",
        [LedgerRow.Industry] = "国民经济行业分类代码（如 C39）或名称",
        [LedgerRow.TotalInvestment] = "万元，最多4位小数",
        [LedgerRow.FixedAssetInvestment] = "万元，可空",
        [LedgerRow.LandArea] = "亩，可空",
        [LedgerRow.LandMode] = "新增用地 或 标准厂房（租赁厂房），默认新增用地",
        [LedgerRow.Unit] = "系统中的单位名称",
        [LedgerRow.Person] = "责任人姓名或登录名；签约及以后阶段必填",
        [LedgerRow.Leader] = "包保领导姓名或登录名",
        [LedgerRow.Stage] = "洽谈、预审、签约、供地、开工、投产、终止；空则按已填日期推断",
        [LedgerRow.TalksOn] = "yyyy-MM-dd；空则取最早的日期或今天",
        [LedgerRow.SignedOn] = "签约及以后阶段必填",
        [LedgerRow.ContractAmount] = "万元；空则取总投资",
        [LedgerRow.PlannedGroundbreakingOn] = "可空",
        [LedgerRow.PlannedProductionOn] = "可空",
        [LedgerRow.LandSuppliedOn] = "新增用地项目供地及以后阶段必填",
        [LedgerRow.LandSuppliedMu] = "亩；空则取用地面积",
        [LedgerRow.GroundbreakingOn] = "开工及以后阶段必填",
        [LedgerRow.ProductionOn] = "投产阶段必填",
    };

    public static void MapImports(this IEndpointRouteBuilder app)
    {
        var imports = app.MapGroup("/api/imports/projects").WithTags("Imports");
        imports.MapGet("/template", Template);
        imports.MapPost("", Import).RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Staff)).DisableAntiforgery();
    }

    private static Task<FileStreamHttpResult> Template(BusinessClock clock, CancellationToken ct)
    {
        var today = clock.Today;
        var example = new LedgerRow
        {
            ProjectName = "年产5万套智能装备生产基地项目", CompanyName = "深圳云帆智能装备有限公司", CompanyCreditCode = "91440300708461136T", IndustryCode = "C35",
            Total = 52000m, FixedAssets = 41000m, AreaMu = 120m, Mode = LandMode.NewLand.Chinese(), UnitName = "高新技术产业开发区", PersonName = "李娜",
            LeaderName = "陈副市长", StageName = Stage.Signed.Chinese(), Talks = LedgerRow.Date(today.AddMonths(-8)), Signed = LedgerRow.Date(today.AddMonths(-2)),
            Contract = 52000m, PlannedStart = LedgerRow.Date(today.AddMonths(1)), PlannedProduction = LedgerRow.Date(today.AddMonths(13)),
        };
        var notes = LedgerRow.Columns.Select(c => new Instruction
        {
            Column = c, Required = LedgerRow.Required.Contains(c) ? "是" : "", Description = Descriptions[c],
        });
        return Excel.SheetsAsync(new Dictionary<string, object> { ["项目台账"] = new[] { example }, ["填写说明"] = notes }, "项目台账导入模板.xlsx", ct);
    }

    private static async Task<Results<Ok<ImportReport>, ProblemHttpResult>> Import(
        HttpRequest request, bool? dryRun, Caller caller, Db db, AuditLog audit, BusinessClock clock, CancellationToken ct)
    {
        var path = await SaveUploadAsync(request, ct);
        if (path is null)
        {
            return Problems.Invalid("file", "Send the ledger as an .xlsx file: a form field named 'file', or the request body itself.");
        }

        try
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan);
            XlsxRows sheet;
            try
            {
                sheet = XlsxRows.Open(file);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or System.Xml.XmlException)
            {
                return Problems.Invalid("file", "This is not an .xlsx workbook Pipeline can read; start from GET /api/imports/projects/template.");
            }

            using var rows = sheet;
            if (LedgerRow.Required.Where(c => !rows.Columns.Contains(c)).ToList() is { Count: > 0 } missing)
            {
                return Problems.Invalid("file", $"The first row must hold the ledger's column names; missing: {string.Join("、", missing)}.");
            }

            await using var session = await db.BeginAsync(ct);
            var importer = await LedgerImporter.CreateAsync(session, caller, clock, audit);
            ImportReport report;
            try
            {
                report = await importer.RunAsync(rows.Rows(), dryRun ?? false);
            }
            catch (Exception e) when (e is InvalidDataException or System.Xml.XmlException)
            {
                return Problems.Invalid("file", $"The workbook is damaged and cannot be read to the end ({e.Message}); nothing was imported.");
            }
            if (report.Problems.Count > 0 && !report.DryRun)
            {
                var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "The ledger has problems; nothing was imported.",
                    Detail = $"{report.Problems.Count} problem(s) in {report.Rows} row(s). Fix them (a dry run, ?dryRun=true, lists them all) and import again.",
                };
                problem.Extensions["problems"] = report.Problems;
                return TypedResults.Problem(problem);
            }

            if (!report.DryRun)
            {
                await audit.WriteAsync(session, "import", "projectLedger", null, $"{report.Rows} rows: {report.Created} created, {report.Skipped} already there");
                await session.CommitAsync();
            }

            return TypedResults.Ok(report);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The upload, copied to a temporary file (an xlsx is a zip, which must be read with seeking).</summary>
    private static async Task<string?> SaveUploadAsync(HttpRequest request, CancellationToken ct)
    {
        Stream? source = null;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            source = (form.Files["file"] ?? form.Files.FirstOrDefault())?.OpenReadStream();
        }
        else if (request.ContentLength is not 0)
        {
            source = request.Body;
        }

        if (source is null)
        {
            return null;
        }

        var path = Path.Combine(Path.GetTempPath(), $"pipeline-import-{Guid.NewGuid():N}.xlsx");
        await using (source)
        await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
        {
            await source.CopyToAsync(target, ct);
        }

        if (new FileInfo(path).Length == 0)
        {
            File.Delete(path);
            return null;
        }

        return path;
    }
}
