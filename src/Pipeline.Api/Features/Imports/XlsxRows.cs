using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Pipeline.Api.Features.Imports;

/// <summary>One row of a ledger: its number in the sheet, its cells by column name, and the text of its first cell.</summary>
public sealed record LedgerLine(int Number, IDictionary<string, object?> Cells, string? First);

/// <summary>
/// The first worksheet of an .xlsx workbook as rows keyed by the header row, read forward once with an
/// <see cref="XmlReader"/>. It reads what a ledger holds — text (shared, inline or formula results), numbers (dates are
/// numbers in a workbook), booleans — and nothing else, several times faster than a general-purpose reader, so that
/// an import costs about what writing its rows costs. The header row is the first with every required column, below
/// any title or blank rows; a header matches a column's name ignoring full- or half-width forms, spaces and bracket style.
/// </summary>
public sealed class XlsxRows : IDisposable
{
    /// <summary>How far down a header row is looked for: a title, a subtitle, a unit and a date above it are common.</summary>
    public const int HeaderSearchRows = 20;

    private const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private static readonly XmlReaderSettings Settings = new() { IgnoreWhitespace = true, IgnoreComments = true, DtdProcessing = DtdProcessing.Prohibit };

    private readonly ZipArchive _zip;
    private readonly IReadOnlyList<string> _sharedStrings;
    private readonly XmlReader _sheet;
    private readonly string?[] _header = [];
    private int _lastRow;

    private XlsxRows(ZipArchive zip, IReadOnlyDictionary<string, string> names, IReadOnlyCollection<string> required)
    {
        _zip = zip;
        _sharedStrings = SharedStrings(zip);
        _sheet = XmlReader.Create(FirstSheet(zip).Open(), Settings);
        var known = names.ToDictionary(n => Normalize(n.Key), n => n.Value);
        while (_lastRow < HeaderSearchRows && NextRow() is { } cells)
        {
            var header = new string?[cells.Count];
            var taken = new HashSet<string>();
            for (var i = 0; i < cells.Count; i++)
            {
                var text = Convert.ToString(cells[i], CultureInfo.InvariantCulture)?.Trim();
                // The first column of a name wins: 所属产业代码 before 所属产业名称 when both stand for 所属产业.
                header[i] = string.IsNullOrEmpty(text) ? null
                    : known.TryGetValue(Normalize(text), out var name) && taken.Add(name) ? name : text;
            }

            if (required.All(taken.Contains))
            {
                _header = header;
                HeaderRow = _lastRow;
                break;
            }
        }

        Columns = _header.OfType<string>().ToList();
    }

    /// <summary>The header's names in column order, known ones as the ledger names them; empty when no header row was found.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The header's row number, or 0 when none of the first <see cref="HeaderSearchRows"/> rows holds every required column.</summary>
    public int HeaderRow { get; }

    /// <summary>
    /// Opens the workbook and finds its header row: <paramref name="names"/> maps each way a header may be written to the
    /// column's name. An unreadable file throws <see cref="InvalidDataException"/>.
    /// </summary>
    public static XlsxRows Open(Stream stream, IReadOnlyDictionary<string, string> names, IReadOnlyCollection<string> required)
    {
        var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        try
        {
            return new XlsxRows(zip, names, required);
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A header as compared: full-width forms as half-width (NFKC), no spaces, every bracket as ( and ), Latin letters
    /// in upper case — so 总投资（万元）, 总投资(万元), 总投资 【万元】 and 总投资(万元) match.
    /// </summary>
    public static string Normalize(string header)
    {
        var text = new StringBuilder(header.Length);
        foreach (var c in header.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            text.Append(c switch
            {
                '[' or '{' or '【' or '〔' or '〈' or '《' or '〖' => '(',
                ']' or '}' or '】' or '〕' or '〉' or '》' or '〗' => ')',
                _ => char.ToUpperInvariant(c),
            });
        }

        return text.ToString();
    }

    /// <summary>
    /// The rows after the header, one at a time as the sheet is read (so once only), each with every header name as a key
    /// (null where the cell is empty) and its row number in the sheet.
    /// </summary>
    public IEnumerable<LedgerLine> Rows()
    {
        while (NextRow() is { } cells)
        {
            var row = new Dictionary<string, object?>(_header.Length, StringComparer.Ordinal);
            for (var i = 0; i < _header.Length; i++)
            {
                if (_header[i] is { } name)
                {
                    row[name] = i < cells.Count ? cells[i] : null;
                }
            }

            yield return new LedgerLine(_lastRow, row, cells.Count > 0 ? Convert.ToString(cells[0], CultureInfo.InvariantCulture)?.Trim() : null);
        }
    }

    public void Dispose()
    {
        _sheet.Dispose();
        _zip.Dispose();
    }

    /// <summary>The next row's cells, numbering it from its reference (rows Excel leaves out are empty ones).</summary>
    private List<object?>? NextRow()
    {
        var cells = NextRow(_sheet, _sharedStrings, out var number);
        if (cells is not null)
        {
            _lastRow = number ?? _lastRow + 1;
        }

        return cells;
    }

    /// <summary>The cells of the next row by column position, or null after the last row.</summary>
    private static List<object?>? NextRow(XmlReader reader, IReadOnlyList<string> sharedStrings, out int? number)
    {
        number = null;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "row")
            {
                continue;
            }

            number = int.TryParse(reader.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : null;
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

        var text = new StringBuilder();
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
