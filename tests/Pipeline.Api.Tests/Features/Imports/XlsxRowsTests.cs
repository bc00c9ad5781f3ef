using System.IO.Compression;
using System.Text;
using Pipeline.Api.Features.Imports;

namespace Pipeline.Api.Tests.Features.Imports;

/// <summary>The ledger reader on workbooks written the way Excel and WPS write them, not only as our own exports do.</summary>
public class XlsxRowsTests
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    [Fact]
    public void Rows_ExcelStyleWorkbook_SharedRichInlineNumbersBooleansAndGaps()
    {
        // The workbook lists the sheet stored as sheet2.xml first, as after reordering sheets in Excel.
        using var workbook = Workbook(
            sheet: """
                <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>备注</t></is></c><c r="D1" t="s"><v>2</v></c></row>
                <row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2"><v>52000.5</v></c><c r="D2" t="b"><v>1</v></c></row>
                <row r="3"/>
                <row r="5"><c r="A5" t="str"><f>A2</f><v>公式结果</v></c><c r="C5" t="inlineStr"><is><r><t>富</t></r><r><rPr><b/></rPr><t>文本</t></r></is></c></row>
                """,
            sharedStrings: """<si><t>项目名称</t></si><si><r><t>总投资</t></r><r><t>(万元)</t></r></si><si><t>重点</t></si><si><t xml:space="preserve"> 智能装备项目 </t><rPh sb="0" eb="1"><t>zhi</t></rPh></si>""");

        using var reader = XlsxRows.Open(workbook);
        var rows = reader.Rows().ToList();

        Assert.Equal(["项目名称", "总投资(万元)", "备注", "重点"], reader.Columns);
        Assert.Equal(3, rows.Count);
        Assert.Equal(" 智能装备项目 ", rows[0]["项目名称"]);
        Assert.Equal(52000.5, rows[0]["总投资(万元)"]);
        Assert.Null(rows[0]["备注"]);
        Assert.Equal(true, rows[0]["重点"]);
        Assert.All(rows[1].Values, Assert.Null);
        Assert.Equal("公式结果", rows[2]["项目名称"]);
        Assert.Equal("富文本", rows[2]["备注"]);
    }

    [Fact]
    public void Open_NotAWorkbook_InvalidData()
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(archive, "word/document.xml", "<document/>");
        }

        zip.Position = 0;
        Assert.Throws<InvalidDataException>(() => XlsxRows.Open(zip));
        Assert.Throws<InvalidDataException>(() => XlsxRows.Open(new MemoryStream(Encoding.UTF8.GetBytes("项目名称,总投资"))));
    }

    private static MemoryStream Workbook(string sheet, string sharedStrings)
    {
        var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(archive, "xl/workbook.xml", $"""
                <workbook xmlns="{Main}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
                  <sheets><sheet name="台账" sheetId="2" r:id="rId2"/><sheet name="说明" sheetId="1" r:id="rId1"/></sheets>
                </workbook>
                """);
            Write(archive, "xl/_rels/workbook.xml.rels", """
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
                  <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>
                </Relationships>
                """);
            Write(archive, "xl/worksheets/sheet1.xml", $"""<worksheet xmlns="{Main}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>说明页</t></is></c></row></sheetData></worksheet>""");
            Write(archive, "xl/worksheets/sheet2.xml", $"""<worksheet xmlns="{Main}"><dimension ref="A1:D5"/><sheetData>{sheet}</sheetData></worksheet>""");
            Write(archive, "xl/sharedStrings.xml", $"""<sst xmlns="{Main}" count="4" uniqueCount="4">{sharedStrings}</sst>""");
        }

        stream.Position = 0;
        return stream;
    }

    private static void Write(ZipArchive archive, string path, string xml)
    {
        using var writer = new StreamWriter(archive.CreateEntry(path).Open(), new UTF8Encoding(false));
        writer.Write(xml);
    }
}
