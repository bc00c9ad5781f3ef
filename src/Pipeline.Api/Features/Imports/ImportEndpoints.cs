using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Pipeline.Api.Features.Reviews;
using Pipeline.Api.Hosting;
using Pipeline.Domain.Projects;
using static Pipeline.Api.Features.Imports.LedgerImport;

namespace Pipeline.Api.Features.Imports;

/// <summary>The ledger import (项目台账导入): a template to start from, a dry run that lists every problem, and the import itself.</summary>
public static class ImportEndpoints
{
    public static void MapImports(this RouteGroupBuilder api)
    {
        var imports = api.MapGroup("/imports/projects").WithTags("Imports");
        imports.MapGet("/template", Template).WithSummary("下载项目台账导入模板");
        imports.MapPost("", Import).WithSummary("导入项目台账（可试导入）").RequireAuthorization(Policies.UnitWork).DisableAntiforgery();
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
        HttpRequest request, bool? dryRun, bool? migration, [AsParameters] ApiContext ctx, IOptions<ReviewOptions> reviews)
    {
        var (db, audit, ct) = (ctx.Db, ctx.Audit, ctx.Ct);
        if (migration == true && !ctx.Caller.IsAdmin)
        {
            return Problems.Forbidden(Messages.ImportMigrationAdminOnly);
        }

        var path = await SaveUploadAsync(request, ct);
        if (path is null)
        {
            return Problems.Invalid("file", Messages.ImportSendXlsx);
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
                return Problems.Invalid("file", Messages.ImportNotXlsx);
            }

            using var rows = sheet;
            if (LedgerRow.Required.Where(c => !rows.Columns.Contains(c)).ToList() is { Count: > 0 } missing)
            {
                return Problems.Invalid("file", Words.Format(Messages.ImportMissingColumns, Words.List(missing)));
            }

            await using var session = await db.BeginAsync(ct);
            var importer = await LedgerImporter.CreateAsync(session, ctx.Caller, ctx.Clock, audit, new ImportMode(migration == true, reviews.Value.RequiredForSigning));
            ImportReport report;
            try
            {
                report = await importer.RunAsync(rows.Rows(), dryRun ?? false);
            }
            catch (Exception e) when (e is InvalidDataException or System.Xml.XmlException)
            {
                return Problems.Invalid("file", Words.Format(Messages.ImportDamaged, e.Message));
            }
            if (report.Problems.Count > 0 && !report.DryRun)
            {
                var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = Messages.TitleImportRefused,
                    Detail = Words.Format(Messages.ImportProblems, report.Problems.Count, report.Rows),
                };
                problem.Extensions["problems"] = report.Problems;
                return TypedResults.Problem(problem);
            }

            if (!report.DryRun)
            {
                await audit.WriteAsync(session, migration == true ? "migrate" : "import", "projectLedger", null, $"{report.Rows} rows: {report.Created} created, {report.Skipped} already there");
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
