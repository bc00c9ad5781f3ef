namespace Pipeline.Api.Hosting;

/// <summary>What a column holds, and so how its cells are written and formatted.</summary>
public enum CellKind
{
    /// <summary>Text as it is.</summary>
    Text,

    /// <summary>A date cell formatted yyyy-mm-dd.</summary>
    Date,

    /// <summary>万元 or 亩: a number with up to four decimals, shown with two to four.</summary>
    Amount,

    /// <summary>A whole number.</summary>
    Count,

    /// <summary>A percentage, given as the API gives it (46.7 for 46.7%) and written as a fraction formatted 0.0%.</summary>
    Rate,

    /// <summary>是 or 否, never blank.</summary>
    YesNo,

    /// <summary>A number with one decimal (person-days per lead).</summary>
    Tenths,

    /// <summary>A number with two decimals (scores).</summary>
    Hundredths,
}

/// <summary>One cell's content: text, or a number in the column's kind (a date is its day number).</summary>
public readonly record struct CellContent(string? Text, decimal? Number)
{
    public static readonly CellContent Empty = default;
}

/// <summary>A column of a sheet: its header, kind, width in characters, and how a row gives its value.</summary>
public sealed record SheetColumn<T>(string Header, CellKind Kind, double Width, Func<T, CellContent> Read);

/// <summary>
/// A sheet's columns, declared once per export: header, value and kind. A code with its name (所属产业) is two columns,
/// 代码 and 名称. Widths fit the Chinese header and the column's typical values.
/// </summary>
public sealed class Columns<T>
{
    private readonly List<SheetColumn<T>> _all = [];

    public IReadOnlyList<SheetColumn<T>> All => _all;

    public Columns<T> Text(string header, Func<T, string?> value, int width = 12) =>
        Add(header, CellKind.Text, width, r => new CellContent(value(r), null));

    public Columns<T> Date(string header, Func<T, DateOnly?> value) =>
        Add(header, CellKind.Date, 12, r => value(r) is { } d ? new CellContent(null, d.DayNumber - Excel.DayZero) : CellContent.Empty);

    public Columns<T> Amount(string header, Func<T, decimal?> value) => Add(header, CellKind.Amount, 14, r => new CellContent(null, value(r)));

    public Columns<T> Count(string header, Func<T, long?> value) => Add(header, CellKind.Count, 8, r => new CellContent(null, value(r)));

    public Columns<T> Rate(string header, Func<T, decimal?> value) =>
        Add(header, CellKind.Rate, 9, r => new CellContent(null, value(r) is { } percent ? percent / 100m : null));

    public Columns<T> YesNo(string header, Func<T, bool> value) => Add(header, CellKind.YesNo, 6, r => new CellContent(value(r) ? "是" : "否", null));

    public Columns<T> Tenths(string header, Func<T, decimal?> value) => Add(header, CellKind.Tenths, 9, r => new CellContent(null, value(r)));

    public Columns<T> Hundredths(string header, Func<T, decimal?> value) => Add(header, CellKind.Hundredths, 9, r => new CellContent(null, value(r)));

    /// <summary>A code and its Chinese name side by side: "{header}代码" and "{header}名称".</summary>
    public Columns<T> Coded(string header, Func<T, string?> code, Func<T, string?> name, int nameWidth = 18) =>
        Text(header + "代码", code, 8).Text(header + "名称", name, nameWidth);

    private Columns<T> Add(string header, CellKind kind, int width, Func<T, CellContent> read)
    {
        // A CJK character is about two characters wide; the header is bold, and the filter button takes two more.
        var headerWidth = header.Sum(c => c > 0x2E80 ? 2.1 : 1.1) + 3;
        _all.Add(new SheetColumn<T>(header, kind, Math.Min(60, Math.Max(width, headerWidth)), read));
        return this;
    }
}

/// <summary>A sheet of a workbook, ready to be written once.</summary>
public interface ISheet
{
    string Name { get; }

    void Write(XlsxSheetWriter writer, CancellationToken ct);
}

/// <summary>
/// A named sheet: a title row (the report, its period and as-of date), the header, one row per item with its 序号, and
/// <paramref name="Totals"/> (合计) below the filtered range. <paramref name="Label"/>, where it gives text, shows that
/// in place of the row's number (示例 in a template).
/// </summary>
public sealed record Sheet<T>(string Name, string Title, Columns<T> Columns, IEnumerable<T> Rows, IEnumerable<T>? Totals = null, Func<T, string?>? Label = null)
    : ISheet
{
    public void Write(XlsxSheetWriter writer, CancellationToken ct)
    {
        var columns = Columns.All;
        writer.Begin(Title, columns.Select(c => (c.Header, c.Width)).ToList());
        var values = new CellContent[columns.Count];
        var kinds = columns.Select(c => c.Kind).ToArray();
        var number = 0;
        foreach (var row in Rows)
        {
            ct.ThrowIfCancellationRequested();
            for (var i = 0; i < columns.Count; i++)
            {
                values[i] = columns[i].Read(row);
            }

            var label = Label?.Invoke(row);
            writer.Row(label ?? (++number).ToString(CultureInfo.InvariantCulture), label is null ? number : null, values, kinds);
        }

        writer.EndData();
        foreach (var row in Totals ?? [])
        {
            for (var i = 0; i < columns.Count; i++)
            {
                values[i] = columns[i].Read(row);
            }

            writer.Row("合计", null, values, kinds);
        }

        writer.End();
    }
}

/// <summary>
/// Excel out (<c>?format=xlsx</c>) for every list and report, through one writer (<see cref="XlsxWriter"/>): rows go from the
/// database into a temporary file as they are read, so 100,000 rows never sit in memory, and the file is then streamed
/// and deleted.
/// </summary>
public static class Excel
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Excel's day 0 (1899-12-30) as a day number: a date cell holds the days since then.</summary>
    public static readonly int DayZero = new DateOnly(1899, 12, 30).DayNumber;

    public static bool Wanted(string? format) => string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase);

    /// <summary>The one check of <c>format</c> every list and report makes: null for JSON (or none) and xlsx, otherwise a 400.</summary>
    public static ProblemHttpResult? FormatProblem(string? format) =>
        format is null || Wanted(format) || string.Equals(format, "json", StringComparison.OrdinalIgnoreCase)
            ? null
            : Problems.Invalid("format", Messages.FormatXlsx);

    /// <summary>A sheet's title: "签约未开工项目（签约 2020-01-01 至 2020-12-31，截至 2021-05-20）".</summary>
    public static string Title(string report, string? period, DateOnly asOf) =>
        $"{report}（{(period is null ? "" : period + "，")}截至 {Day(asOf)}）";

    /// <summary>"2020-01-01 至 2020-12-31".</summary>
    public static string Period(DateOnly from, DateOnly to) => $"{Day(from)} 至 {Day(to)}";

    public static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Writes the sheets into a temporary file and answers with it; the file is deleted once sent.</summary>
    public static async Task<FileStreamHttpResult> FileAsync(string fileName, CancellationToken ct, params IReadOnlyList<ISheet> sheets)
    {
        var path = Path.Combine(Path.GetTempPath(), $"pipeline-{Guid.NewGuid():N}.xlsx");
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920))
            {
                XlsxWriter.Write(file, sheets, ct);
            }

            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920,
                FileOptions.Asynchronous | FileOptions.DeleteOnClose);
            return TypedResults.File(stream, ContentType, fileName);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }
}
