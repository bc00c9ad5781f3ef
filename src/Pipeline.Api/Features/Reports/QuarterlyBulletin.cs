using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Pipeline.Api.Features.Dispatch;

namespace Pipeline.Api.Features.Reports;

/// <summary>
/// The quarterly 通报 of the 四季竞赛: the ranking with every unit's figures and score breakdown, the units below their
/// targets, the projects signed but not started past the ranking's threshold with their leaders, and the matters overdue —
/// a Word document (Open XML) the office edits in WPS or Word before it is sent.
/// </summary>
public static class QuarterlyBulletin
{
    public sealed record Query(int? Year, int? Quarter);

    public sealed class StalledProject
    {
        public string Name { get; init; } = "";

        public string? UnitName { get; init; }

        public DateOnly SignedOn { get; init; }

        public DateOnly? PlannedGroundbreakingOn { get; init; }

        public string? LeaderName { get; init; }
    }

    public sealed class OverdueMatter
    {
        public string ProjectName { get; init; } = "";

        public string Text { get; init; } = "";

        public string? UnitName { get; init; }

        public DateOnly DueOn { get; init; }

        public string? LeaderName { get; init; }
    }

    private const string Body = "仿宋";

    private const string Heading = "黑体";

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Get(
        [AsParameters] Query query, Db db, IOptions<RankingOptions> options, IOptions<DispatchOptions> dispatch, BusinessClock clock, CancellationToken ct)
    {
        var today = clock.Today;
        var year = query.Year ?? today.Year;
        var quarter = query.Quarter ?? ((today.Month + 2) / 3);
        var checks = new Checks().When(quarter is < 1 or > 4, "quarter", Messages.QuarterRange).When(year is < 2000 or > 2100, "year", Messages.YearRange);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        var settings = options.Value;
        await using var session = await db.OpenForReportsAsync(ct);
        var ranking = await UnitRankingReport.RankAsync(session, year, quarter, today, settings, dispatch.Value.DueDay);
        var asOf = ranking.To < today ? ranking.To : today;
        var args = new { AsOf = asOf, StalledSignedBefore = asOf.AddDays(-settings.StalledAfterDays) };
        var stalled = await session.QueryAsync<StalledProject>("""
            SELECT p.name, u.name AS UnitName, p.signed_on, p.planned_groundbreaking_on, ld.display_name AS LeaderName
            FROM projects p
            JOIN units u ON u.id = p.responsible_unit_id
            LEFT JOIN users ld ON ld.id = p.leader_id
            WHERE p.signed_on <= @AsOf AND (p.groundbreaking_on IS NULL OR p.groundbreaking_on > @AsOf) AND p.stage <> 'dropped'
              AND (p.planned_groundbreaking_on < @AsOf OR (p.planned_groundbreaking_on IS NULL AND p.signed_on < @StalledSignedBefore))
            ORDER BY p.signed_on, p.id
            """, args);
        var overdue = await session.QueryAsync<OverdueMatter>("""
            SELECT p.name AS ProjectName, m.text, u.name AS UnitName, m.due_on, ld.display_name AS LeaderName
            FROM matters m
            JOIN projects p ON p.id = m.project_id
            LEFT JOIN units u ON u.id = m.unit_id
            LEFT JOIN users ld ON ld.id = m.leader_id
            WHERE m.status = 'assigned' AND m.due_on < @AsOf
            ORDER BY m.due_on, m.id
            """, args);
        var content = Document(ranking, asOf, settings.StalledAfterDays, stalled, overdue);
        return TypedResults.File(content, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", $"招商引资工作通报-{year}年第{quarter}季度.docx");
    }

    private static byte[] Document(
        UnitRankingReport.Result ranking, DateOnly asOf, int stalledAfterDays, IReadOnlyList<StalledProject> stalled, IReadOnlyList<OverdueMatter> overdue)
    {
        var below = ranking.Units.Where(u => !u.Score.TargetsMet).ToList();
        var body = new DocumentFormat.OpenXml.Wordprocessing.Body(
            Paragraph($"{ranking.Year}年第{ranking.Quarter}季度招商引资工作通报", Heading, 44, centered: true, bold: true),
            Paragraph($"统计期间：{Day(ranking.From)}至{Day(ranking.To)}，数据截至{Day(asOf)}。本季度参加排名单位 {ranking.Units.Count} 个，"
                + $"未完成目标单位 {below.Count} 个，签约超过 {stalledAfterDays} 天或逾期未开工项目 {stalled.Count} 个，逾期未办结需协调事项 {overdue.Count} 项。"),
            Paragraph("一、单位排名", Heading, 32),
            Table(["名次", "单位", "签约项目数", "签约额（万元）", "开工项目数", "签约数得分", "签约额得分", "开工数得分", "逾期未开工扣分", "虚报线索扣分", "调度漏报扣分", "总分"],
                ranking.Units.Select(u => new[]
                {
                    Number(u.Rank), u.UnitName, Number(u.Results.SignedCount), Number(u.Results.SignedAmount), Number(u.Results.StartedCount),
                    Number(u.Score.SignedCount), Number(u.Score.SignedAmount), Number(u.Score.StartedCount), Number(u.Score.StalledDeduction),
                    Number(u.Score.FalseLeadDeduction), Number(u.Score.MissingUpdateDeduction), Number(u.Score.Total),
                })),
            Paragraph("二、未完成目标的单位", Heading, 32),
            Table(["单位", "签约项目数（完成/本季度目标）", "签约额（完成/本季度目标，万元）", "开工项目数（完成/本季度目标）", "连续两年未完成"],
                below.Select(u => new[]
                {
                    u.UnitName, Against(u.Results.SignedCount, u.Targets.SignedCount, ranking.TargetShare),
                    Against(u.Results.SignedAmount, u.Targets.SignedAmount, ranking.TargetShare),
                    Against(u.Results.StartedCount, u.Targets.StartedCount, ranking.TargetShare), u.BelowTargetsTwoYears ? "是" : "否",
                })),
            Paragraph($"三、签约超过 {stalledAfterDays} 天或逾期未开工的项目", Heading, 32),
            Table(["序号", "项目名称", "责任单位", "签约日期", "签约天数", "计划开工日期", "包保领导"],
                stalled.Select((p, i) => new[]
                {
                    Number(i + 1), p.Name, p.UnitName ?? "", Day(p.SignedOn), Number(asOf.DayNumber - p.SignedOn.DayNumber),
                    p.PlannedGroundbreakingOn is { } planned ? Day(planned) : "", p.LeaderName ?? "未明确",
                })),
            Paragraph("四、逾期未办结的需协调事项", Heading, 32),
            Table(["序号", "项目名称", "事项", "承办单位", "办结时限", "逾期天数", "包保领导"],
                overdue.Select((m, i) => new[]
                {
                    Number(i + 1), m.ProjectName, m.Text, m.UnitName ?? "", Day(m.DueOn), Number(asOf.DayNumber - m.DueOn.DayNumber), m.LeaderName ?? "",
                })),
            new SectionProperties(new PageSize { Width = 16838, Height = 11906, Orient = PageOrientationValues.Landscape },
                new PageMargin { Top = 1134, Bottom = 1134, Left = 1134, Right = 1134, Header = 567, Footer = 567, Gutter = 0 }));
        using var buffer = new MemoryStream();
        using (var document = WordprocessingDocument.Create(buffer, WordprocessingDocumentType.Document))
        {
            document.AddMainDocumentPart().Document = new Document(body);
        }

        return buffer.ToArray();
    }

    private static Paragraph Paragraph(string text, string font = Body, int halfPoints = 28, bool centered = false, bool bold = false)
    {
        var properties = new RunProperties(new RunFonts { Ascii = font, HighAnsi = font, EastAsia = font }, new FontSize { Val = halfPoints.ToString(CultureInfo.InvariantCulture) });
        if (bold)
        {
            properties.Append(new Bold());
        }

        var paragraph = new Paragraph(new Run(properties, new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
        if (centered)
        {
            paragraph.PrependChild(new ParagraphProperties(new Justification { Val = JustificationValues.Center }));
        }

        return paragraph;
    }

    /// <summary>A bordered table with a repeated, bold header row; an empty one says 无 so the section is not a blank.</summary>
    private static Table Table(string[] headers, IEnumerable<string[]> rows)
    {
        var border = new TableBorders(
            new TopBorder { Val = BorderValues.Single, Size = 4 }, new BottomBorder { Val = BorderValues.Single, Size = 4 },
            new LeftBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 });
        var table = new Table(new TableProperties(border, new TableWidth { Type = TableWidthUnitValues.Pct, Width = "5000" }));
        table.Append(Row(headers, header: true));
        var any = false;
        foreach (var row in rows)
        {
            table.Append(Row(row, header: false));
            any = true;
        }

        if (!any)
        {
            table.Append(Row([.. headers.Select((_, i) => i == 0 ? "无" : "")], header: false));
        }

        return table;
    }

    private static TableRow Row(string[] cells, bool header)
    {
        var row = new TableRow();
        if (header)
        {
            row.Append(new TableRowProperties(new TableHeader()));
        }

        foreach (var cell in cells)
        {
            row.Append(new TableCell(Paragraph(cell, header ? Heading : Body, 21)));
        }

        return row;
    }

    /// <summary>Done against the part of the year's target the quarter is judged by, as the ranking judges it.</summary>
    private static string Against(decimal done, decimal yearTarget, decimal share) => $"{Number(done)}/{Number(yearTarget * share)}";

    private static string Day(DateOnly day) => day.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);

    private static string Number(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
