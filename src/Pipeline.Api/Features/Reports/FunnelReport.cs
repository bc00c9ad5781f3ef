using Microsoft.AspNetCore.Http.HttpResults;
using MiniExcelLibs.Attributes;
using Pipeline.Api.Data;
using Pipeline.Api.Hosting;
using Pipeline.Domain;
using Pipeline.Domain.Progress;
using Pipeline.Domain.Projects;

namespace Pipeline.Api.Features.Reports;

/// <summary>
/// The funnel ("在谈项目多、过会少、签约落地更少"): per stage, the projects that first reached it in the period, their
/// total investment and the conversion from the stage before, plus how many are in each stage today. One pass over the
/// projects: each keeps the date it first reached every stage, so back-and-forth moves count once.
/// </summary>
public static class FunnelReport
{
    private static readonly (Stage Stage, string Column)[] Reaching =
    [
        (Stage.Talks, "p.talks_started_on"), (Stage.PreReview, "p.pre_review_on"), (Stage.Signed, "p.signed_on"),
        (Stage.LandSupply, "p.land_supplied_on"), (Stage.Groundbreaking, "p.groundbreaking_on"), (Stage.Production, "p.production_on"),
    ];

    public sealed record Query(DateOnly? From, DateOnly? To, long? UnitId, string? IndustryCode, string? Format);

    public sealed record StageRow(Stage Stage, string StageName, long Reached, decimal Amount, decimal? Conversion, long Current);

    public sealed record Result(DateOnly From, DateOnly To, IReadOnlyList<StageRow> Stages, long DroppedNow);

    public sealed class SheetRow
    {
        [ExcelColumnName("阶段")]
        public string Stage { get; init; } = "";

        [ExcelColumnName("期间进入项目数")]
        public long Reached { get; init; }

        [ExcelColumnName("总投资(万元)")]
        public decimal Amount { get; init; }

        [ExcelColumnName("上一阶段转化率(%)")]
        public decimal? Conversion { get; init; }

        [ExcelColumnName("当前项目数")]
        public long Current { get; init; }
    }

    public static async Task<Results<Ok<Result>, FileStreamHttpResult, ProblemHttpResult>> Get(
        [AsParameters] Query query, Caller caller, Db db, BusinessClock clock, CancellationToken ct)
    {
        var today = clock.Today;
        var from = query.From ?? new DateOnly(today.Year, 1, 1);
        var to = query.To ?? today;
        if (Excel.FormatProblem(query.Format) is { } formatProblem)
        {
            return formatProblem;
        }

        if (from > to)
        {
            return Problems.Invalid("from", Words.Format(Messages.NotAfter, "to"));
        }

        await using var session = await db.OpenForReportsAsync(ct);
        var result = await RunAsync(session, from, to, ReportScope.Projects(caller, query.UnitId, query.IndustryCode));
        return Excel.Wanted(query.Format)
            ? await Excel.FileAsync(result.Stages.Select(s => new SheetRow
            {
                Stage = s.StageName, Reached = s.Reached, Amount = s.Amount, Conversion = s.Conversion, Current = s.Current,
            }), $"招商漏斗-{from:yyyyMMdd}-{to:yyyyMMdd}.xlsx", ct)
            : TypedResults.Ok(result);
    }

    public static async Task<Result> RunAsync(DbSession session, DateOnly from, DateOnly to, SqlFilter filter)
    {
        var sums = string.Join(",\n", Reaching.Select((r, i) => $"""
            SUM(CASE WHEN {r.Column} >= @From AND {r.Column} <= @To THEN 1 ELSE 0 END) AS r{i},
            SUM(CASE WHEN {r.Column} >= @From AND {r.Column} <= @To THEN p.total_investment ELSE 0 END) AS a{i}
            """));
        var current = string.Join(",\n", Enum.GetValues<Stage>().Select(s => $"SUM(CASE WHEN p.stage = '{s.Code()}' THEN 1 ELSE 0 END) AS c{(int)s}"));
        var row = (IDictionary<string, object?>)(await session.QuerySingleOrDefaultAsync<dynamic>(
            $"SELECT {sums},\n{current}\nFROM projects p {filter.Where}", filter.With(new { From = from, To = to })))!;
        long Number(string column) => row[column] is { } value ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : 0;

        var stages = new List<StageRow>();
        for (var i = 0; i < Reaching.Length; i++)
        {
            var reached = Number($"r{i}");
            var previous = i == 0 ? (long?)null : Number($"r{i - 1}");
            stages.Add(new StageRow(Reaching[i].Stage, Reaching[i].Stage.Chinese(), reached, Quantities.FromStored(Number($"a{i}")),
                previous is { } p ? Commitments.Rate(reached, p) : null, Number($"c{(int)Reaching[i].Stage}")));
        }

        return new Result(from, to, stages, Number($"c{(int)Stage.Dropped}"));
    }
}
