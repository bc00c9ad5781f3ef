using Microsoft.AspNetCore.Http.HttpResults;
using MiniExcelLibs;

namespace Pipeline.Api.Hosting;

/// <summary>
/// Excel out (<c>?format=xlsx</c>): rows are written as they are read into a temporary file, which is then streamed and
/// deleted — a 100,000-row ledger never sits in memory. Column headers come from each row type's Chinese
/// <c>[ExcelColumnName]</c>.
/// </summary>
public static class Excel
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static bool Wanted(string? format) => string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase);

    /// <summary>Null for JSON (or no format); otherwise a 400 for a format we do not write.</summary>
    public static ProblemHttpResult? FormatProblem(string? format) =>
        format is null || Wanted(format) || string.Equals(format, "json", StringComparison.OrdinalIgnoreCase)
            ? null
            : Problems.Invalid("format", Messages.FormatXlsx);

    public static async Task<FileStreamHttpResult> FileAsync<T>(IEnumerable<T> rows, string fileName, CancellationToken ct) =>
        await SheetsAsync(new Dictionary<string, object> { ["Sheet1"] = rows }, fileName, ct);

    /// <summary>A workbook of several named sheets.</summary>
    public static async Task<FileStreamHttpResult> SheetsAsync(IDictionary<string, object> sheets, string fileName, CancellationToken ct)
    {
        var path = Path.Combine(Path.GetTempPath(), $"pipeline-{Guid.NewGuid():N}.xlsx");
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
        {
            await MiniExcel.SaveAsAsync(file, sheets, cancellationToken: ct);
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        return TypedResults.File(stream, ContentType, fileName);
    }
}
