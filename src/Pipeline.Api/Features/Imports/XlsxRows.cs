using System.Globalization;
using System.IO.Compression;
using System.Xml;

namespace Pipeline.Api.Features.Imports;

/// <summary>
/// The first worksheet of an .xlsx workbook as rows keyed by the header row, read forward once with an
/// <see cref="XmlReader"/>. It reads what a ledger holds — text (shared, inline or formula results), numbers (dates are
/// numbers in a workbook), booleans — and nothing else, several times faster than a general-purpose reader, so that
/// an import costs about what writing its rows costs.
/// </summary>
public sealed class XlsxRows : IDisposable
{
    private const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private static readonly XmlReaderSettings Settings = new() { IgnoreWhitespace = true, IgnoreComments = true, DtdProcessing = DtdProcessing.Prohibit };

    private readonly ZipArchive _zip;
    private readonly IReadOnlyList<string> _sharedStrings;
    private readonly XmlReader _sheet;
    private readonly string?[] _header;

    private XlsxRows(ZipArchive zip)
    {
        _zip = zip;
        _sharedStrings = SharedStrings(zip);
        _sheet = XmlReader.Create(FirstSheet(zip).Open(), Settings);
        _header = NextRow(_sheet, _sharedStrings) is { } header
            ? header.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)?.Trim() is { Length: > 0 } name ? name : null).ToArray()
            : [];
        Columns = _header.OfType<string>().ToList();
    }

    /// <summary>The names in the first row, in column order (empty when the sheet is empty).</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Opens the workbook and reads its header row; an unreadable file throws <see cref="InvalidDataException"/>.</summary>
    public static XlsxRows Open(Stream stream)
    {
        var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        try
        {
            return new XlsxRows(zip);
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The rows after the header, one at a time as the sheet is read (so once only), each with every header name as a key
    /// (null where the cell is empty).
    /// </summary>
    public IEnumerable<IDictionary<string, object?>> Rows()
    {
        while (NextRow(_sheet, _sharedStrings) is { } cells)
        {
            var row = new Dictionary<string, object?>(_header.Length, StringComparer.Ordinal);
            for (var i = 0; i < _header.Length; i++)
            {
                if (_header[i] is { } name)
                {
                    row[name] = i < cells.Count ? cells[i] : null;
                }
            }

            yield return row;
        }
    }

    public void Dispose()
    {
        _sheet.Dispose();
        _zip.Dispose();
    }

    /// <summary>The cells of the next row by column position, or null after the last row.</summary>
    private static List<object?>? NextRow(XmlReader reader, IReadOnlyList<string> sharedStrings)
    {
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "row")
            {
                continue;
            }

            var cells = new List<object?>();
            if (reader.IsEmptyElement)
            {
                return cells;
            }

            var depth = reader.Depth;
            reader.Read();
            while (!Ends(reader, depth))
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "c")
                {
                    var column = reader.GetAttribute("r") is { } reference ? ColumnIndex(reference) : cells.Count;
                    var value = Cell(reader, sharedStrings);
                    while (cells.Count <= column)
                    {
                        cells.Add(null);
                    }

                    cells[column] = value;
                }

                reader.Read();
            }

            return cells;
        }

        return null;
    }

    private static object? Cell(XmlReader reader, IReadOnlyList<string> sharedStrings)
    {
        var type = reader.GetAttribute("t");
        if (reader.IsEmptyElement)
        {
            return null;
        }

        string? raw = null;
        var depth = reader.Depth;
        reader.Read();
        while (!Ends(reader, depth))
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "v")
            {
                raw = reader.ReadElementContentAsString();
            }
            else if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "is")
            {
                raw = Text(reader);
                reader.Read();
            }
            else if (reader.NodeType == XmlNodeType.Element)
            {
                reader.Skip();
            }
            else
            {
                reader.Read();
            }
        }

        return (type, raw) switch
        {
            (_, null) => null,
            ("s", _) => int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < sharedStrings.Count
                ? sharedStrings[index]
                : throw new InvalidDataException($"A cell refers to shared string {raw}, which the workbook does not have."),
            ("b", _) => raw == "1",
            ("str" or "inlineStr" or "e", _) => raw,
            _ => double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : raw,
        };
    }

    /// <summary>The text of an &lt;si&gt; or &lt;is&gt; element: its &lt;t&gt;, or the &lt;t&gt; of each rich-text run joined.</summary>
    private static string Text(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            return "";
        }

        var text = new System.Text.StringBuilder();
        var depth = reader.Depth;
        reader.Read();
        while (!Ends(reader, depth))
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "t")
            {
                text.Append(reader.ReadElementContentAsString());
            }
            else if (reader.NodeType == XmlNodeType.Element && reader.LocalName is "rPh" or "rPr" or "phoneticPr")
            {
                reader.Skip(); // formatting and phonetic guides are not part of the text
            }
            else
            {
                reader.Read();
            }
        }

        return text.ToString();
    }

    /// <summary>Whether the reader has reached the end of the element opened at <paramref name="depth"/> (or of the file).</summary>
    private static bool Ends(XmlReader reader, int depth) => reader.EOF || (reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth);

    /// <summary>"AB12" → 27: the letters of a cell reference as a zero-based column number.</summary>
    private static int ColumnIndex(string reference)
    {
        var column = 0;
        foreach (var c in reference)
        {
            if (c is < 'A' or > 'Z')
            {
                break;
            }

            column = (column * 26) + (c - 'A' + 1);
        }

        return column - 1;
    }

    private static IReadOnlyList<string> SharedStrings(ZipArchive zip)
    {
        var strings = new List<string>();
        if (zip.GetEntry("xl/sharedStrings.xml") is not { } entry)
        {
            return strings;
        }

        using var reader = XmlReader.Create(entry.Open(), Settings);
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "si")
            {
                strings.Add(Text(reader));
            }
        }

        return strings;
    }

    /// <summary>The first sheet in the workbook's order, found through the workbook's relationships.</summary>
    private static ZipArchiveEntry FirstSheet(ZipArchive zip)
    {
        var workbook = zip.GetEntry("xl/workbook.xml") ?? throw new InvalidDataException("The file has no workbook (xl/workbook.xml).");
        string? relationship = null;
        using (var reader = XmlReader.Create(workbook.Open(), Settings))
        {
            while (relationship is null && reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "sheet")
                {
                    relationship = reader.GetAttribute("id", Relationships);
                }
            }
        }

        string? target = null;
        if (relationship is not null && zip.GetEntry("xl/_rels/workbook.xml.rels") is { } rels)
        {
            using var reader = XmlReader.Create(rels.Open(), Settings);
            while (target is null && reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Relationship" && reader.GetAttribute("Id") == relationship)
                {
                    target = reader.GetAttribute("Target");
                }
            }
        }

        var path = target switch
        {
            null => "xl/worksheets/sheet1.xml",
            _ when target.StartsWith('/') => target[1..],
            _ => "xl/" + target,
        };
        return zip.GetEntry(path) ?? throw new InvalidDataException($"The workbook's first sheet ({path}) is missing.");
    }
}
