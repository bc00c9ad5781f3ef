namespace Pipeline.Api.Features.Imports;

/// <summary>What became of one ledger row.</summary>
public enum RowOutcome
{
    Created,
    Updated,
    Unchanged,
    Refused,
}

/// <summary>A ledger's rows checked and written, one at a time, in the import's transaction.</summary>
public interface ILedgerImporter
{
    /// <summary>Checks the row (its problems go into <paramref name="cells"/>) and, when it is good, writes it.</summary>
    Task<RowOutcome> ImportAsync(LedgerCells cells);
}

/// <summary>
/// Moves a bureau's existing ledger (台账, xlsx) in without retyping, the same way for every ledger. The file is read row
/// by row below its title rows; the template's example row (示例) is passed over; every problem is reported by row and
/// column; a real import is one transaction (every row or none), and what is already there is left as it is, so
/// importing a file twice creates nothing new. A dry run does the whole import and rolls it back, so it finds exactly
/// what the real import would.
/// </summary>
public static class LedgerImport
{
    /// <summary>The mark of a template's example row, in its first cell or in a 备注 column.</summary>
    public const string ExampleMark = "示例";

    private const string Remarks = "备注";
    private const string Numbering = "序号";

    public sealed record RowProblem(int Row, string Column, string Message);

    /// <summary><paramref name="Skipped"/>: rows already there as the ledger has them.</summary>
    public sealed record ImportReport(bool DryRun, int Rows, int Created, int Updated, int Skipped, IReadOnlyList<RowProblem> Problems);

    /// <summary>Reads the upload, finds its header, and runs every row through the ledger's importer in one transaction.</summary>
    public static async Task<Results<Ok<ImportReport>, ProblemHttpResult>> RunAsync(
        LedgerKind kind, HttpRequest request, bool dryRun, ApiContext ctx, Func<DbSession, Task<ILedgerImporter>> importer, string auditAction = "import")
    {
        var path = await SaveUploadAsync(request, ctx.Ct);
        if (path is null)
        {
            return Problems.Invalid("file", Messages.ImportFileRequired);
        }

        try
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan);
            XlsxRows sheet;
            try
            {
                sheet = XlsxRows.Open(file, kind.HeaderNames, kind.Required);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or System.Xml.XmlException)
            {
                return Problems.Invalid("file", Words.Format(Messages.ImportNotWorkbook, kind.TemplatePath));
            }

            using var rows = sheet;
            if (rows.HeaderRow == 0)
            {
                return Problems.Invalid("file", Words.Format(Messages.ImportHeaderMissing, XlsxRows.HeaderSearchRows, Words.List(kind.Required)));
            }

            await using var session = await ctx.Db.BeginAsync(ctx.Ct);

            // One import at a time: two imports of one ledger would each find its rows missing and both create them.
            await session.LockAsync("ledger-import");
            var rowImporter = await importer(session);
            ImportReport report;
            try
            {
                report = await ImportRowsAsync(rowImporter, rows.Rows(), dryRun);
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
                    Title = Messages.ImportHasProblems,
                    Detail = Words.Format(Messages.ImportProblemCount, report.Problems.Count, report.Rows),
                };
                problem.Extensions["problems"] = report.Problems;
                return TypedResults.Problem(problem);
            }

            if (!report.DryRun)
            {
                await ctx.Audit.WriteAsync(session, auditAction, kind.Entity + "Ledger", null,
                    $"{report.Rows} rows: {report.Created} created, {report.Updated} updated, {report.Skipped} already there");
                await session.CommitAsync();
            }

            return TypedResults.Ok(report);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// Every row through the importer, in the caller's transaction, which commits only a real import without problems: a
    /// dry run or a ledger with problems is rolled back. Writing every good row either way is how a later row of the same
    /// file is recognised as a repeat, without holding every row in memory.
    /// </summary>
    private static async Task<ImportReport> ImportRowsAsync(ILedgerImporter importer, IEnumerable<LedgerLine> lines, bool dryRun)
    {
        var problems = new List<RowProblem>();
        var (count, created, updated, skipped) = (0, 0, 0, 0);
        foreach (var line in lines)
        {
            if (IsBlank(line) || IsExample(line))
            {
                continue;
            }

            count++;
            switch (await importer.ImportAsync(new LedgerCells(line.Cells, line.Number, problems)))
            {
                case RowOutcome.Created:
                    created++;
                    break;
                case RowOutcome.Updated:
                    updated++;
                    break;
                case RowOutcome.Unchanged:
                    skipped++;
                    break;
            }
        }

        return new ImportReport(dryRun, count, created, updated, skipped, problems);
    }

    /// <summary>A row with nothing in it but, perhaps, a 序号 numbered ahead.</summary>
    private static bool IsBlank(LedgerLine line) =>
        line.Cells.Where(c => c.Key != Numbering).All(c => c.Value is null || (c.Value is string s && string.IsNullOrWhiteSpace(s)));

    /// <summary>The template's example row: 示例 in its first cell (序号) or in 备注, with or without brackets.</summary>
    private static bool IsExample(LedgerLine line) =>
        IsMark(line.First) || (line.Cells.TryGetValue(Remarks, out var remark) && IsMark(remark as string));

    private static bool IsMark(string? text) => text is not null && XlsxRows.Normalize(text).Trim('(', ')', ':') == ExampleMark;

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
