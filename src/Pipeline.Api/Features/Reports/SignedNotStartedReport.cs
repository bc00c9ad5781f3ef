using Microsoft.AspNetCore.Http.HttpResults;
using MiniExcelLibs.Attributes;
using Pipeline.Api.Data;
using Pipeline.Api.Features.Imports;
using Pipeline.Api.Features.Projects;
using Pipeline.Api.Hosting;
using Pipeline.Domain;
using Pipeline.Domain.Progress;
using Pipeline.Domain.Projects;

namespace Pipeline.Api.Features.Reports;

/// <summary>
/// "2020年签约的122个供地项目57个未开工": of the projects formally signed (first signing) in a period — optionally only
/// the new-land ones (供地项目) — how many had broken ground by a date, and which had not, with who answers for them.
/// <c>notStarted</c> counts every signed project not started (so the speech's 57 of 122 comes out as the speech counts);
/// of those, the ones dropped (终止) by the date are counted in <c>dropped</c> and left out of <c>projects</c>, the list of
/// the <c>toChase</c> projects still to chase.
/// </summary>
public static class SignedNotStartedReport
{
    public sealed record Query(DateOnly? SignedFrom, DateOnly? SignedTo, DateOnly? AsOf, string? LandMode, long? UnitId, int? Page, int? PageSize, string? Format);

    public sealed class Waiting
    {
        public long Id { get; init; }

        public string Name { get; init; } = "";

        public string? CompanyName { get; init; }

        public Stage Stage { get; init; }

        public string StageName => Stage.Chinese();

        public LandMode LandMode { get; init; }

        public DateOnly SignedOn { get; init; }

        public decimal? ContractAmount { get; init; }

        public DateOnly? PlannedGroundbreakingOn { get; init; }

        public int DaysSinceSigning { get; init; }

        public long ResponsibleUnitId { get; init; }

        public string? ResponsibleUnitName { get; init; }

        public long? ResponsiblePersonId { get; init; }

        public string? ResponsiblePersonName { get; init; }

        public long? LeaderId { get; init; }

        public string? LeaderName { get; init; }
    }

    /// <param name="Dropped">Not started and dropped (终止) by <c>asOf</c>: counted in <c>notStarted</c>, not listed.</param>
    public sealed record Result(
        DateOnly SignedFrom, DateOnly SignedTo, DateOnly AsOf, LandMode? LandMode, long Signed, long Started, long NotStarted, decimal? StartRate,
        Paged<Waiting> Projects, long Dropped)
    {
        /// <summary>Not started and not dropped: the projects listed.</summary>
        public long ToChase => NotStarted - Dropped;
    }

    public sealed class SummarySheet
    {
        [ExcelColumnName("签约起")]
        public string From { get; init; } = "";

        [ExcelColumnName("签约止")]
        public string To { get; init; } = "";

        [ExcelColumnName("截至")]
        public string AsOf { get; init; } = "";

        [ExcelColumnName("签约项目数")]
        public long Signed { get; init; }

        [ExcelColumnName("已开工")]
        public long Started { get; init; }

        [ExcelColumnName("未开工")]
        public long NotStarted { get; init; }

        [ExcelColumnName("开工率(%)")]
        public decimal? StartRate { get; init; }

        [ExcelColumnName("其中已终止")]
        public long Dropped { get; init; }

        [ExcelColumnName("待推进")]
        public long ToChase { get; init; }
    }

    public sealed class ProjectSheet
    {
        [ExcelColumnName("项目名称")]
        public string Name { get; init; } = "";

        [ExcelColumnName("投资方")]
        public string? Company { get; init; }

        [ExcelColumnName("签约日期")]
        public string SignedOn { get; init; } = "";

        [ExcelColumnName("签约金额(万元)")]
        public decimal? Amount { get; init; }

        [ExcelColumnName("计划开工日期")]
        public string? Planned { get; init; }

        [ExcelColumnName("签约天数")]
        public int Days { get; init; }

        [ExcelColumnName("当前阶段")]
        public string Stage { get; init; } = "";

        [ExcelColumnName("责任单位")]
        public string? Unit { get; init; }

        [ExcelColumnName("责任人")]
        public string? Person { get; init; }

        [ExcelColumnName("包保领导")]
        public string? Leader { get; init; }
    }

    private const string WaitingColumns = """
        p.id, p.name, c.name AS CompanyName, p.stage, p.land_mode, p.signed_on,
        p.contract_amount, p.planned_groundbreaking_on,
        p.responsible_unit_id, u.name AS ResponsibleUnitName, p.responsible_person_id,
        rp.display_name AS ResponsiblePersonName, p.leader_id, ld.display_name AS LeaderName
        """;

    private const string Joins = $"projects p {ProjectStore.Joins}";

    /// <summary>Dropped (终止) on or before <c>@AsOf</c> and not reopened since: nobody chases it any more.</summary>
    private const string DroppedByAsOf = "(p.stage = 'dropped' AND p.stage_entered_on <= @AsOf)";

    public static async Task<Results<Ok<Result>, FileStreamHttpResult, ProblemHttpResult>> Get(
        [AsParameters] Query query, Caller caller, Db db, BusinessClock clock, CancellationToken ct)
    {
        var today = clock.Today;
        var from = query.SignedFrom ?? new DateOnly(today.Year, 1, 1);
        var to = query.SignedTo ?? today;
        var asOf = query.AsOf ?? today;
        var checks = new Checks().When(from > to, "signedFrom", Words.Format(Messages.NotAfter, "signedTo"));
        var landMode = checks.Enum<LandMode>("landMode", query.LandMode);
        var page = PageRequest.From(query.Page, query.PageSize, checks);
        if (Excel.FormatProblem(query.Format) is { } formatProblem)
        {
            return formatProblem;
        }

        if (!checks.Ok)
        {
            return checks.Problem();
        }

        var filter = Filter(caller, query.UnitId, from, to, asOf, landMode);
        await using var session = await db.OpenForReportsAsync(ct);
        var counts = await session.QuerySingleOrDefaultAsync<Counts>(
            $"""
            SELECT COUNT(*) AS Signed, COALESCE(SUM(CASE WHEN p.groundbreaking_on <= @AsOf THEN 1 ELSE 0 END), 0) AS Started,
                   COALESCE(SUM(CASE WHEN (p.groundbreaking_on IS NULL OR p.groundbreaking_on > @AsOf) AND {DroppedByAsOf} THEN 1 ELSE 0 END), 0) AS Dropped
            FROM projects p {filter.Where}
            """, filter.Args);
        var (signed, started, dropped) = (counts!.Signed, counts.Started, counts.Dropped);
        filter.Add("(p.groundbreaking_on IS NULL OR p.groundbreaking_on > @AsOf)").Add($"NOT {DroppedByAsOf}");
        if (Excel.Wanted(query.Format))
        {
            var summary = new SummarySheet
            {
                From = LedgerRow.Date(from), To = LedgerRow.Date(to), AsOf = LedgerRow.Date(asOf), Signed = signed, Started = started,
                NotStarted = signed - started, StartRate = Commitments.Rate(started, signed), Dropped = dropped, ToChase = signed - started - dropped,
            };
            var rows = session.Stream<WaitingRow>(_ => $"SELECT {WaitingColumns} FROM {Joins} {filter.Where} ORDER BY p.signed_on, p.id", filter.Args)
                .Select(r => r.ToWaiting(asOf))
                .Select(w => new ProjectSheet
                {
                    Name = w.Name, Company = w.CompanyName, SignedOn = LedgerRow.Date(w.SignedOn), Amount = w.ContractAmount,
                    Planned = LedgerRow.Date(w.PlannedGroundbreakingOn), Days = w.DaysSinceSigning, Stage = w.StageName,
                    Unit = w.ResponsibleUnitName, Person = w.ResponsiblePersonName, Leader = w.LeaderName,
                });
            return await Excel.SheetsAsync(new Dictionary<string, object> { ["汇总"] = new[] { summary }, ["未开工项目"] = rows },
                $"签约未开工-{from:yyyyMMdd}-{to:yyyyMMdd}.xlsx", ct);
        }

        // The list's total is the count of those to chase just taken.
        var items = await session.PageItemsAsync<WaitingRow>(WaitingColumns, Joins, filter, "p.signed_on, p.id", page.Skip, page.Take, countFrom: "projects p", key: "p.id");
        return TypedResults.Ok(new Result(from, to, asOf, landMode, signed, started, signed - started, Commitments.Rate(started, signed),
            page.Of(items.Select(i => i.ToWaiting(asOf)).ToList(), signed - started - dropped), dropped));
    }

    private static SqlFilter Filter(Caller caller, long? unitId, DateOnly from, DateOnly to, DateOnly asOf, LandMode? landMode)
    {
        var filter = ReportScope.Projects(caller, unitId, null)
            .Add("p.signed_on >= @SignedFrom AND p.signed_on <= @SignedTo")
            .When(landMode?.Code(), "p.land_mode = @LandMode", "LandMode");
        filter.Args.AddDynamicParams(new { SignedFrom = from, SignedTo = to, AsOf = asOf });
        return filter;
    }

    private sealed class Counts
    {
        public long Signed { get; init; }

        public long Started { get; init; }

        public long Dropped { get; init; }
    }

    private sealed class WaitingRow
    {
        public long Id { get; init; }

        public string Name { get; init; } = "";

        public string? CompanyName { get; init; }

        public Stage Stage { get; init; }

        public LandMode LandMode { get; init; }

        public DateOnly SignedOn { get; init; }

        public long? ContractAmount { get; init; }

        public DateOnly? PlannedGroundbreakingOn { get; init; }

        public long ResponsibleUnitId { get; init; }

        public string? ResponsibleUnitName { get; init; }

        public long? ResponsiblePersonId { get; init; }

        public string? ResponsiblePersonName { get; init; }

        public long? LeaderId { get; init; }

        public string? LeaderName { get; init; }

        public Waiting ToWaiting(DateOnly asOf) => new()
        {
            Id = Id, Name = Name, CompanyName = CompanyName, Stage = Stage, LandMode = LandMode, SignedOn = SignedOn,
            ContractAmount = Quantities.FromStored(ContractAmount), PlannedGroundbreakingOn = PlannedGroundbreakingOn,
            DaysSinceSigning = Math.Max(0, asOf.DayNumber - SignedOn.DayNumber), ResponsibleUnitId = ResponsibleUnitId,
            ResponsibleUnitName = ResponsibleUnitName, ResponsiblePersonId = ResponsiblePersonId, ResponsiblePersonName = ResponsiblePersonName,
            LeaderId = LeaderId, LeaderName = LeaderName,
        };
    }
}
