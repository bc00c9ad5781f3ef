using System.Data.Common;
using Pipeline.Api.Features.Projects;
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

    /// <summary>A signed project not started, with who answers for it.</summary>
    public sealed record Waiting
    {
        public long Id { get; init; }

        public string Name { get; init; } = "";

        public string? CompanyName { get; init; }

        public Stage Stage { get; init; }

        public string StageName => Stage.Chinese();

        public LandMode LandMode { get; init; }

        public DateOnly SignedOn { get; init; }

        public int DaysSinceSigning { get; init; }

        public decimal? ContractAmount { get; init; }

        public DateOnly? PlannedGroundbreakingOn { get; init; }

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

    /// <summary>The figures (汇总 sheet): one row.</summary>
    public static readonly Columns<Result> SummarySheet = new Columns<Result>()
        .Date("签约起", r => r.SignedFrom)
        .Date("签约止", r => r.SignedTo)
        .Date("截至", r => r.AsOf)
        .Text("供地方式", r => r.LandMode?.Chinese() ?? "全部", 10)
        .Count("签约项目数", r => r.Signed)
        .Count("已开工", r => r.Started)
        .Count("未开工", r => r.NotStarted)
        .Rate("开工率", r => r.StartRate)
        .Count("其中已终止", r => r.Dropped)
        .Count("待推进", r => r.ToChase);

    /// <summary>The projects to chase (签约未开工 sheet).</summary>
    public static readonly Columns<Waiting> ProjectSheet = new Columns<Waiting>()
        .Text("项目名称", w => w.Name, 30)
        .Text("投资方", w => w.CompanyName, 24)
        .Text("供地方式", w => w.LandMode.Chinese(), 10)
        .Date("签约日期", w => w.SignedOn)
        .Amount("签约金额(万元)", w => w.ContractAmount)
        .Date("计划开工日期", w => w.PlannedGroundbreakingOn)
        .Count("签约天数", w => w.DaysSinceSigning)
        .Text("当前阶段", w => w.StageName, 8)
        .Text("责任单位", w => w.ResponsibleUnitName, 18)
        .Text("责任人", w => w.ResponsiblePersonName, 10)
        .Text("包保领导", w => w.LeaderName, 10);

    // Read by position in ReadWaiting.
    private const string WaitingColumns = """
        p.id, p.name, c.name, p.stage, p.land_mode, p.signed_on, p.contract_amount, p.planned_groundbreaking_on,
        p.responsible_unit_id, u.name, p.responsible_person_id, rp.display_name, p.leader_id, ld.display_name
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
            var rows = session.Stream(_ => $"SELECT {WaitingColumns} FROM {Joins} {filter.Where} ORDER BY p.signed_on, p.id", filter.Args, r => ReadWaiting(r, asOf));
            var summary = new Result(from, to, asOf, landMode, signed, started, signed - started, Commitments.Rate(started, signed), page.Of<Waiting>([], 0), dropped);
            var title = Excel.Title(landMode switch { LandMode.NewLand => "签约未开工供地项目", LandMode.ExistingBuilding => "签约未开工厂房项目", _ => "签约未开工项目" },
                "签约 " + Excel.Period(from, to), asOf);
            return await Excel.FileAsync($"签约未开工-{from:yyyyMMdd}-{to:yyyyMMdd}.xlsx", ct,
                new Sheet<Waiting>("签约未开工", title, ProjectSheet, rows), new Sheet<Result>("汇总", title, SummarySheet, [summary]));
        }

        // The list's total is the count of those to chase just taken.
        var items = await session.PageItemsAsync(WaitingColumns, Joins, filter, "p.signed_on, p.id", page.Skip, page.Take, r => ReadWaiting(r, asOf),
            countFrom: "projects p", key: "p.id");
        return TypedResults.Ok(new Result(from, to, asOf, landMode, signed, started, signed - started, Commitments.Rate(started, signed),
            page.Of(items, signed - started - dropped), dropped));
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

    private static Waiting ReadWaiting(DbDataReader r, DateOnly asOf)
    {
        var signedOn = r.Date(5);
        return new Waiting
        {
            Id = r.GetInt64(0),
            Name = r.GetString(1),
            CompanyName = r.TextOrNull(2),
            Stage = r.Code<Stage>(3),
            LandMode = r.Code<LandMode>(4),
            SignedOn = signedOn,
            DaysSinceSigning = Math.Max(0, asOf.DayNumber - signedOn.DayNumber),
            ContractAmount = Quantities.FromStored(r.Int64OrNull(6)),
            PlannedGroundbreakingOn = r.DateOrNull(7),
            ResponsibleUnitId = r.GetInt64(8),
            ResponsibleUnitName = r.TextOrNull(9),
            ResponsiblePersonId = r.Int64OrNull(10),
            ResponsiblePersonName = r.TextOrNull(11),
            LeaderId = r.Int64OrNull(12),
            LeaderName = r.TextOrNull(13),
        };
    }
}
