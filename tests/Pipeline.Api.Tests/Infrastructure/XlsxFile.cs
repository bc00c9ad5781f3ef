using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Pipeline.Api.Tests.Infrastructure;

/// <summary>
/// A produced workbook opened with the Open XML SDK, as Excel or WPS would read it: sheets by name, cells by reference with
/// their type, number format and font, column widths and the frozen pane.
/// </summary>
public sealed class XlsxFile : IDisposable
{
    private readonly SpreadsheetDocument _document;

    private XlsxFile(Stream stream) => _document = SpreadsheetDocument.Open(stream, isEditable: false);

    public static XlsxFile Open(byte[] bytes) => new(new MemoryStream(bytes));

    public static async Task<XlsxFile> FromAsync(HttpResponseMessage response)
    {
        await response.Expect(System.Net.HttpStatusCode.OK);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        return Open(await response.Content.ReadAsByteArrayAsync());
    }

    public IReadOnlyList<string> SheetNames => [.. _document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value!)];

    public XlsxSheet Sheet(string name)
    {
        var workbook = _document.WorkbookPart!;
        var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == name);
        return new XlsxSheet((WorksheetPart)workbook.GetPartById(sheet.Id!), workbook);
    }

    public XlsxSheet First => Sheet(SheetNames[0]);

    public void Dispose() => _document.Dispose();
}

public sealed class XlsxSheet(WorksheetPart part, WorkbookPart workbook)
{
    private readonly Dictionary<string, Cell> _cells = part.Worksheet.Descendants<Cell>().ToDictionary(c => c.CellReference!.Value!);

    public IReadOnlyList<Row> Rows => [.. part.Worksheet.Descendants<Row>()];

    /// <summary>The frozen pane's top-left cell ("A3": the title and header rows stay), or null.</summary>
    public string? FrozenAt => part.Worksheet.Descendants<Pane>().SingleOrDefault(p => p.State?.Value == PaneStateValues.Frozen)?.TopLeftCell?.Value;

    public bool HasAutoFilterOrDefinedFilter =>
        workbook.Workbook.DefinedNames?.Elements<DefinedName>().Any(d => d.Name == "_xlnm._FilterDatabase") == true
        || part.Worksheet.Descendants<AutoFilter>().Any();

    public Cell? Cell(string reference) => _cells.GetValueOrDefault(reference);

    /// <summary>What the cell shows as text: a shared or inline string, or the raw value.</summary>
    public string? Text(string reference)
    {
        if (Cell(reference) is not { } cell)
        {
            return null;
        }

        if (cell.DataType?.Value == CellValues.SharedString)
        {
            return workbook.SharedStringTablePart!.SharedStringTable.Elements<SharedStringItem>().ElementAt(int.Parse(cell.CellValue!.Text, CultureInfo.InvariantCulture)).InnerText;
        }

        return cell.DataType?.Value == CellValues.InlineString ? cell.InlineString!.InnerText : cell.CellValue?.Text;
    }

    /// <summary>The cell's value as a number, when it is a number cell (no type, or type n).</summary>
    public double? Number(string reference) =>
        Cell(reference) is { CellValue: not null } cell && (cell.DataType is null || cell.DataType.Value == CellValues.Number)
            ? double.Parse(cell.CellValue.Text, CultureInfo.InvariantCulture)
            : null;

    /// <summary>The date a date cell holds: a number cell whose number format is a date format.</summary>
    public DateOnly? Date(string reference) =>
        Number(reference) is { } serial && NumberFormat(reference) is { } format && format.Contains("yyyy", StringComparison.Ordinal)
            ? DateOnly.FromDateTime(DateTime.FromOADate(serial))
            : null;

    public string? NumberFormat(string reference)
    {
        var format = Format(reference);
        var id = format?.NumberFormatId?.Value ?? 0;
        return workbook.WorkbookStylesPart!.Stylesheet.NumberingFormats?.Elements<NumberingFormat>().SingleOrDefault(n => n.NumberFormatId?.Value == id)?.FormatCode?.Value
            ?? (id == 0 ? "General" : id.ToString(CultureInfo.InvariantCulture));
    }

    public string? FontName(string reference)
    {
        var fontId = (int)(Format(reference)?.FontId?.Value ?? 0);
        return workbook.WorkbookStylesPart!.Stylesheet.Fonts!.Elements<Font>().ElementAt(fontId).GetFirstChild<FontName>()?.Val?.Value;
    }

    /// <summary>The width set for the 1-based column, or null when none is set.</summary>
    public double? Width(int column) =>
        part.Worksheet.Descendants<Column>().FirstOrDefault(c => c.Min!.Value <= column && column <= c.Max!.Value)?.Width?.Value;

    /// <summary>The texts of a 1-based row, column by column.</summary>
    public IReadOnlyList<string?> RowTexts(int row) =>
        [.. Rows.Single(r => r.RowIndex?.Value == row).Elements<Cell>().Select(c => Text(c.CellReference!.Value!))];

    /// <summary>The reference of the header cell named <paramref name="header"/> on row 2, as its column letters.</summary>
    public string Column(string header)
    {
        var cell = Rows.Single(r => r.RowIndex?.Value == 2).Elements<Cell>().FirstOrDefault(c => Text(c.CellReference!.Value!) == header)
            ?? throw new Xunit.Sdk.XunitException($"No header '{header}' on row 2: {string.Join(", ", RowTexts(2))}");
        return new string([.. cell.CellReference!.Value!.TakeWhile(char.IsLetter)]);
    }

    public int ColumnNumber(string header) => Column(header).Aggregate(0, (n, c) => (n * 26) + (c - 'A' + 1));

    private CellFormat? Format(string reference) =>
        Cell(reference)?.StyleIndex?.Value is { } index
            ? workbook.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ElementAt((int)index)
            : null;
}
