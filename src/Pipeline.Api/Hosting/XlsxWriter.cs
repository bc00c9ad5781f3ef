using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Pipeline.Api.Hosting;

/// <summary>
/// Writes a workbook forward only: a zip in create mode (each entry compressed as it is written, never held whole) whose
/// parts are written with the Open XML SDK's <see cref="OpenXmlWriter"/> and its typed elements. The SDK's own package
/// (System.IO.Packaging) keeps every new part in memory until it is saved on .NET, and MiniExcel 1.x writes neither a
/// title row nor fonts nor per-column date formats; so the package is ours, a few fixed parts, and the XML is the SDK's.
/// </summary>
public static class XlsxWriter
{
    private const string MainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string RelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    public static void Write(Stream output, IReadOnlyList<ISheet> sheets, CancellationToken ct)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8);
        Text(zip, "[Content_Types].xml", ContentTypes(sheets.Count));
        Text(zip, "_rels/.rels", $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{RelNs}/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """);
        Part(zip, "xl/styles.xml", w => w.WriteElement(Styles()));
        var ranges = new List<(string Filter, int Columns)>();
        for (var i = 0; i < sheets.Count; i++)
        {
            using var stream = zip.CreateEntry($"xl/worksheets/sheet{i + 1}.xml", CompressionLevel.Fastest).Open();
            using var writer = new XlsxSheetWriter(OpenXmlWriter.Create(stream, new UTF8Encoding(false)), first: i == 0);
            sheets[i].Write(writer, ct);
            ranges.Add((writer.FilterRange, writer.ColumnCount));
        }

        Part(zip, "xl/workbook.xml", w => w.WriteElement(Workbook(sheets, ranges)));
        Text(zip, "xl/_rels/workbook.xml.rels", WorkbookRelationships(sheets.Count));
    }

    private static void Part(ZipArchive zip, string path, Action<OpenXmlWriter> write)
    {
        using var stream = zip.CreateEntry(path, CompressionLevel.Fastest).Open();
        using var writer = OpenXmlWriter.Create(stream, new UTF8Encoding(false));
        writer.WriteStartDocument(true);
        write(writer);
    }

    private static void Text(ZipArchive zip, string path, string xml)
    {
        using var writer = new StreamWriter(zip.CreateEntry(path, CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
        writer.Write(xml);
    }

    private static string ContentTypes(int sheets)
    {
        var overrides = string.Concat(Enumerable.Range(1, sheets).Select(i =>
            $"""<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"""));
        return $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>{overrides}</Types>
            """;
    }

    private static string WorkbookRelationships(int sheets)
    {
        var links = string.Concat(Enumerable.Range(1, sheets).Select(i =>
            $"""<Relationship Id="rId{i}" Type="{RelNs}/worksheet" Target="worksheets/sheet{i}.xml"/>"""));
        return $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{links}<Relationship Id="rId{sheets + 1}" Type="{RelNs}/styles" Target="styles.xml"/></Relationships>
            """;
    }

    /// <summary>The sheets in order, each with its filter range and print titles (the title and header rows on every page).</summary>
    private static Workbook Workbook(IReadOnlyList<ISheet> sheets, IReadOnlyList<(string Filter, int Columns)> ranges)
    {
        var workbook = new Workbook();
        workbook.AddNamespaceDeclaration("r", RelNs);
        workbook.Append(new BookViews(new WorkbookView()));
        workbook.Append(new Sheets(sheets.Select((s, i) => new Sheet { Name = s.Name, SheetId = (uint)(i + 1), Id = $"rId{i + 1}" })));
        workbook.Append(new DefinedNames(sheets.SelectMany((s, i) => new[]
        {
            new DefinedName($"'{s.Name}'!{ranges[i].Filter}") { Name = "_xlnm._FilterDatabase", LocalSheetId = (uint)i, Hidden = true },
            new DefinedName($"'{s.Name}'!$1:$2") { Name = "_xlnm.Print_Titles", LocalSheetId = (uint)i },
        })));
        return workbook;
    }

    /// <summary>
    /// 宋体 throughout (on every Chinese Windows and in WPS; charset 134 asks for a GB2312 face where it is missing), bold for
    /// the title and header; thin borders; the number formats of <see cref="CellKind"/>.
    /// </summary>
    private static Stylesheet Styles()
    {
        static Font Font(double size, bool bold)
        {
            var font = new Font();
            if (bold)
            {
                font.Append(new Bold());
            }

            font.Append(new FontSize { Val = size }, new FontName { Val = "宋体" }, new FontFamilyNumbering { Val = 3 }, new FontCharSet { Val = 134 });
            return font;
        }

        static CellFormat Format(uint font, uint numberFormat, bool border, HorizontalAlignmentValues? align = null, bool wrap = false, uint fill = 0) =>
            new(new Alignment { Horizontal = align, Vertical = VerticalAlignmentValues.Center, WrapText = wrap ? true : null })
            {
                FontId = font, NumberFormatId = numberFormat, BorderId = border ? 1u : 0u, FillId = fill, ApplyFont = true, ApplyNumberFormat = numberFormat != 0,
                ApplyBorder = border, ApplyAlignment = true, ApplyFill = fill != 0,
            };

        var thin = new Color { Rgb = "FFBFBFBF" };
        return new Stylesheet(
            new NumberingFormats(
                new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy-mm-dd" },
                new NumberingFormat { NumberFormatId = 165, FormatCode = "#,##0.00##" },
                new NumberingFormat { NumberFormatId = 166, FormatCode = "0.0%" },
                new NumberingFormat { NumberFormatId = 167, FormatCode = "0.0" })
            { Count = 4 },
            new Fonts(Font(11, bold: false), Font(14, bold: true), Font(11, bold: true)) { Count = 3 },
            new Fills(
                new Fill(new PatternFill { PatternType = PatternValues.None }),
                new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
                new Fill(new PatternFill(new ForegroundColor { Rgb = "FFDDEBF7" }, new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid }))
            { Count = 3 },
            new Borders(
                new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()),
                new Border(
                    new LeftBorder((Color)thin.CloneNode(true)) { Style = BorderStyleValues.Thin },
                    new RightBorder((Color)thin.CloneNode(true)) { Style = BorderStyleValues.Thin },
                    new TopBorder((Color)thin.CloneNode(true)) { Style = BorderStyleValues.Thin },
                    new BottomBorder((Color)thin.CloneNode(true)) { Style = BorderStyleValues.Thin },
                    new DiagonalBorder()))
            { Count = 2 },
            new CellStyleFormats(new CellFormat { FontId = 0, FillId = 0, BorderId = 0, NumberFormatId = 0 }) { Count = 1 },
            new CellFormats(
                Format(0, 0, border: false),
                Format(1, 0, border: false, HorizontalAlignmentValues.Center),
                Format(2, 0, border: true, HorizontalAlignmentValues.Center, wrap: true, fill: 2),
                Format(0, 0, border: true),
                Format(0, 164, border: true, HorizontalAlignmentValues.Center),
                Format(0, 165, border: true),
                Format(0, 3, border: true),
                Format(0, 166, border: true),
                Format(0, 0, border: true, HorizontalAlignmentValues.Center),
                Format(0, 167, border: true),
                Format(0, 4, border: true),
                Format(2, 0, border: true, HorizontalAlignmentValues.Center))
            { Count = 12 },
            new CellStyles(new CellStyle { Name = "常规", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
    }
}

/// <summary>
/// One worksheet, written row by row: the title row (merged across the columns), the header (bold, frozen, filtered),
/// then the rows, each cell typed and styled by its column's kind.
/// </summary>
public sealed class XlsxSheetWriter(OpenXmlWriter writer, bool first) : IDisposable
{
    // Cell styles, by their place in the stylesheet's cellXfs.
    private const uint TitleStyle = 1, HeaderStyle = 2, TextStyle = 3, DateStyle = 4, AmountStyle = 5, CountStyle = 6, RateStyle = 7, CentredStyle = 8,
        TenthsStyle = 9, HundredthsStyle = 10, LabelStyle = 11;

    private const int MaxText = 32_767;

    private static readonly Cell CellElement = new();
    private static readonly Row RowElement = new();
    private static readonly CellValue ValueElement = new();
    private static readonly InlineString InlineElement = new();
    private static readonly Text TextElement = new();

    private readonly List<OpenXmlAttribute> _attributes = new(4);
    private string[] _letters = [];
    private int _row;
    private int _lastDataRow;

    /// <summary>Columns including 序号.</summary>
    public int ColumnCount => _letters.Length;

    /// <summary>The header and data rows, which the autofilter covers (totals below are left out).</summary>
    public string FilterRange => $"$A$2:${_letters[^1]}${Math.Max(_lastDataRow, 2)}";

    public void Begin(string title, IReadOnlyList<(string Header, double Width)> columns)
    {
        var all = columns.Prepend(("序号", 6d)).ToList();
        _letters = all.Select((_, i) => Letters(i)).ToArray();
        writer.WriteStartDocument(true);
        writer.WriteStartElement(new Worksheet());
        writer.WriteElement(new SheetProperties(new PageSetupProperties { FitToPage = true }));
        writer.WriteElement(new SheetViews(new SheetView(
            new Pane { VerticalSplit = 2, TopLeftCell = "A3", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
            new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A3", SequenceOfReferences = new ListValue<StringValue>([new StringValue("A3")]) })
        {
            WorkbookViewId = 0, TabSelected = first ? true : null,
        }));
        writer.WriteElement(new SheetFormatProperties { DefaultRowHeight = 15 });
        writer.WriteElement(new DocumentFormat.OpenXml.Spreadsheet.Columns(all.Select((c, i) =>
            new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = Math.Round(c.Item2, 1), CustomWidth = true })));
        writer.WriteStartElement(new SheetData());

        StartRow(height: 24);
        TextCell(0, title, TitleStyle);
        writer.WriteEndElement();
        StartRow(height: 30);
        for (var i = 0; i < all.Count; i++)
        {
            TextCell(i, all[i].Item1, HeaderStyle);
        }

        writer.WriteEndElement();
    }

    /// <summary>A row: its 序号 (a number, or a label such as 示例 or 合计), then its values in the columns' kinds.</summary>
    public void Row(string label, int? number, ReadOnlySpan<CellContent> values, ReadOnlySpan<CellKind> kinds)
    {
        StartRow(height: null);
        if (number is { } n)
        {
            NumberCell(0, n.ToString(CultureInfo.InvariantCulture), CountStyle);
        }
        else
        {
            TextCell(0, label, LabelStyle);
        }

        for (var i = 0; i < values.Length; i++)
        {
            var (text, value) = (values[i].Text, values[i].Number);
            var column = i + 1;
            switch (kinds[i])
            {
                case CellKind.Text:
                    TextCell(column, text, TextStyle);
                    break;
                case CellKind.YesNo:
                    TextCell(column, text, CentredStyle);
                    break;
                default:
                    NumberCell(column, value?.ToString(CultureInfo.InvariantCulture), kinds[i] switch
                    {
                        CellKind.Date => DateStyle,
                        CellKind.Amount => AmountStyle,
                        CellKind.Rate => RateStyle,
                        CellKind.Tenths => TenthsStyle,
                        CellKind.Hundredths => HundredthsStyle,
                        _ => CountStyle,
                    });
                    break;
            }
        }

        writer.WriteEndElement();
    }

    /// <summary>The end of the rows that sort and filter together.</summary>
    public void EndData() => _lastDataRow = _row;

    /// <summary>Closes the rows and writes what follows them: the filter, the title's merge and the page set-up (A4 landscape, one page wide).</summary>
    public void End()
    {
        writer.WriteEndElement();
        writer.WriteElement(new AutoFilter { Reference = FilterRange.Replace("$", "", StringComparison.Ordinal) });
        writer.WriteElement(new MergeCells(new MergeCell { Reference = $"A1:{_letters[^1]}1" }) { Count = 1 });
        writer.WriteElement(new PageMargins { Left = 0.5, Right = 0.5, Top = 0.6, Bottom = 0.6, Header = 0.3, Footer = 0.3 });
        writer.WriteElement(new PageSetup { PaperSize = 9, Orientation = OrientationValues.Landscape, FitToWidth = 1, FitToHeight = 0 });
        writer.WriteEndElement();
    }

    public void Dispose() => writer.Dispose();

    private void StartRow(double? height)
    {
        _row++;
        _attributes.Clear();
        _attributes.Add(new OpenXmlAttribute("r", "", _row.ToString(CultureInfo.InvariantCulture)));
        if (height is { } h)
        {
            _attributes.Add(new OpenXmlAttribute("ht", "", h.ToString(CultureInfo.InvariantCulture)));
            _attributes.Add(new OpenXmlAttribute("customHeight", "", "1"));
        }

        writer.WriteStartElement(RowElement, _attributes);
    }

    /// <summary>Text as an inline string (no shared-string table to hold in memory); an empty cell keeps its border.</summary>
    private void TextCell(int column, string? text, uint style)
    {
        if (string.IsNullOrEmpty(text))
        {
            StartCell(column, style, null);
            writer.WriteEndElement();
            return;
        }

        StartCell(column, style, "inlineStr");
        writer.WriteStartElement(InlineElement);
        var clean = Clean(text);
        _attributes.Clear();
        if (clean.Length > 0 && (char.IsWhiteSpace(clean[0]) || char.IsWhiteSpace(clean[^1])))
        {
            _attributes.Add(new OpenXmlAttribute("xml", "space", "http://www.w3.org/XML/1998/namespace", "preserve"));
        }

        writer.WriteStartElement(TextElement, _attributes);
        writer.WriteString(clean);
        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    private void NumberCell(int column, string? value, uint style)
    {
        StartCell(column, style, null);
        if (value is not null)
        {
            writer.WriteStartElement(ValueElement);
            writer.WriteString(value);
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    private void StartCell(int column, uint style, string? type)
    {
        _attributes.Clear();
        _attributes.Add(new OpenXmlAttribute("r", "", _letters[column] + _row.ToString(CultureInfo.InvariantCulture)));
        _attributes.Add(new OpenXmlAttribute("s", "", style.ToString(CultureInfo.InvariantCulture)));
        if (type is not null)
        {
            _attributes.Add(new OpenXmlAttribute("t", "", type));
        }

        writer.WriteStartElement(CellElement, _attributes);
    }

    /// <summary>Text as a cell may hold it: without the control characters XML cannot carry, and at most Excel's 32,767 characters.</summary>
    private static string Clean(string text)
    {
        var clean = text.Any(c => c < 0x20 && c is not ('\t' or '\n' or '\r')) || text.Any(char.IsSurrogate)
            ? new string(Filter(text).ToArray())
            : text;
        return clean.Length > MaxText ? clean[..MaxText] : clean;
    }

    private static IEnumerable<char> Filter(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                yield return c;
                yield return text[++i];
            }
            else if (!char.IsSurrogate(c) && (c >= 0x20 || c is '\t' or '\n' or '\r'))
            {
                yield return c;
            }
        }
    }

    /// <summary>0 → A, 25 → Z, 26 → AA.</summary>
    private static string Letters(int column)
    {
        var letters = "";
        for (var n = column + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        }

        return letters;
    }
}
