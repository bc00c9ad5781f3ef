using Pipeline.Api.Features.Progress;
using Pipeline.Api.Features.Units;
using Pipeline.Domain.Progress;

namespace Pipeline.Api.Features.Reports;

/// <summary>
/// The counting rules and rates, per responsible unit: projects count as signed once, at their first formal signing;
/// a capital increase adds only the increase to the signed amount. 开工率 = started ÷ signed (by <c>to</c>),
/// 资金到位率 = invested ÷ contracted, 履约率 = commitments met ÷ commitments due, and the projects that are 达效.
/// </summary>
public static class PerformanceReport
{
    public sealed record Query(DateOnly? From, DateOnly? To, long? UnitId, string? Format);

    public sealed record UnitRow(
        long UnitId, string UnitName, long SignedCount, decimal SignedAmount, long StartedCount, decimal? StartRate, decimal Contracted, decimal Invested,
        decimal? FundingRate, int CommitmentsDue, int CommitmentsMet, decimal? FulfilmentRate, int AchievedProjects,
        int AttainedProjects, int NotAttainedProjects, int UnjudgedProjects);

    /// <param name="AmountBasis">What 签约额 counts, in words a reader of the report understands.</param>
    public sealed record Result(DateOnly From, DateOnly To, IReadOnlyList<UnitRow> Units, UnitRow Total, string AmountBasis);

    /// <summary>签约额 is what was signed: the amount at the first signing plus capital increases; an approved contract change does not rewrite it.</summary>
    public const string AmountBasis = "签约额按首次签约时的合同金额计，加增资协议的增资额；合同变更不改变已签约额。资金到位率以现行合同金额为分母。";

    /// <summary>The sheet (业绩): a row per unit, then the total.</summary>
    public static readonly Columns<UnitRow> Sheet = new Columns<UnitRow>()
        .Text("单位", u => u.UnitName, 20)
        .Count("签约项目数", u => u.SignedCount)
        .Amount("签约额(万元)", u => u.SignedAmount)
        .Count("开工项目数", u => u.StartedCount)
        .Rate("开工率", u => u.StartRate)
        .Amount("合同金额(万元)", u => u.Contracted)
        .Amount("到位资金(万元)", u => u.Invested)
        .Rate("资金到位率", u => u.FundingRate)
        .Count("到期承诺", u => u.CommitmentsDue)
        .Count("已履约", u => u.CommitmentsMet)
        .Rate("履约率", u => u.FulfilmentRate)
        .Count("履约达效项目数", u => u.AchievedProjects)
        .Count("效益达效", u => u.AttainedProjects)
        .Count("效益未达效", u => u.NotAttainedProjects)
        .Count("效益待评价", u => u.UnjudgedProjects);

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
        var scope = ReportScope.Projects(caller, query.UnitId, null);
        var args = scope.With(new { From = from, To = to });
        var signed = (await session.QueryAsync<SignedRow>($"""
            SELECT x.unit_id, COUNT(*) AS SignedCount, SUM(x.signed_amount) AS Signed, SUM(x.contract_amount) AS Contracted,
                   SUM(CASE WHEN x.groundbreaking_on <= @To THEN 1 ELSE 0 END) AS StartedCount, SUM(x.invested) AS Invested
            FROM (SELECT p.responsible_unit_id AS unit_id, COALESCE(p.signed_amount, 0) AS signed_amount, COALESCE(p.contract_amount, 0) AS contract_amount,
                         p.groundbreaking_on,
                         (SELECT COALESCE(SUM(i.amount), 0) FROM project_investments i WHERE i.project_id = p.id AND i.month <= @To) AS invested
                  FROM projects p WHERE p.signed_on >= @From AND p.signed_on <= @To AND {scope.Conditions()}) x
            GROUP BY x.unit_id
            """, args)).ToDictionary(r => r.UnitId);
        var increases = (await session.QueryAsync<(long UnitId, long Amount)>($"""
            SELECT p.responsible_unit_id, SUM(COALESCE(a.amount, 0))
            FROM project_agreements a JOIN projects p ON p.id = a.project_id
            WHERE a.type = 'capitalIncrease' AND a.signed_on >= @From AND a.signed_on <= @To AND {scope.Conditions()}
            GROUP BY p.responsible_unit_id
            """, args)).ToDictionary(r => r.UnitId, r => r.Amount);
        var judged = (await ProgressStore.CommitmentsAsync(session, scope.Conditions(), args, to))
            .ToLookup(c => c.UnitId, c => (c.ProjectId, InProduction: c.Stage == "production", Status: c.Judge(to)));
        var attainments = (await ProgressStore.AttainmentCountsAsync(session, $"p.production_on <= @To AND {scope.Conditions()}", args, to.Year))
            .ToLookup(a => a.UnitId);
        var unitArgs = new DynamicParameters(new { query.UnitId });
        var units = await session.QueryAsync<(long Id, string Name)>($"""
            SELECT u.id, u.name FROM units u
            WHERE {UnitScope.And(query.UnitId is null ? "1 = 1" : "u.id IN (SELECT ut.descendant_id FROM unit_tree ut WHERE ut.ancestor_id = @UnitId)",
                UnitScope.Read(caller, unitArgs, "u.id"))}
            ORDER BY u.id
            """, unitArgs);

        var rows = units.Select(unit =>
        {
            var s = signed.GetValueOrDefault(unit.Id);
            var mine = judged[unit.Id].ToList();
            var achieved = mine.GroupBy(j => j.ProjectId)
                .Count(p => Commitments.Achieved(p.First().InProduction, p.Select(j => j.Status).ToList()));
            int Projects(Func<AttainmentState, bool> state) => attainments[unit.Id].Where(a => state(a.State)).Sum(a => a.Projects);
            return Row(unit.Id, unit.Name, s?.SignedCount ?? 0, (s?.Signed ?? 0) + increases.GetValueOrDefault(unit.Id), s?.StartedCount ?? 0,
                s?.Contracted ?? 0, s?.Invested ?? 0, mine.Count(j => j.Status.Due), mine.Count(j => j.Status.Due && j.Status.State == CommitmentState.Met), achieved,
                (Projects(a => a == AttainmentState.Attained), Projects(a => a == AttainmentState.NotAttained),
                 Projects(a => a is AttainmentState.NotReported or AttainmentState.Undetermined)));
        }).ToList();
        var total = Row(0, "合计", rows.Sum(r => r.SignedCount), rows.Sum(r => Quantities.ToStored(r.SignedAmount)), rows.Sum(r => r.StartedCount),
            rows.Sum(r => Quantities.ToStored(r.Contracted)), rows.Sum(r => Quantities.ToStored(r.Invested)), rows.Sum(r => r.CommitmentsDue),
            rows.Sum(r => r.CommitmentsMet), rows.Sum(r => r.AchievedProjects),
            (rows.Sum(r => r.AttainedProjects), rows.Sum(r => r.NotAttainedProjects), rows.Sum(r => r.UnjudgedProjects)));
        return Excel.Wanted(query.Format)
            ? await Excel.FileAsync($"招商业绩-{from:yyyyMMdd}-{to:yyyyMMdd}.xlsx", ct,
                new Sheet<UnitRow>("业绩", Excel.Title("招商业绩", Excel.Period(from, to), today), Sheet, rows, [total]))
            : TypedResults.Ok(new Result(from, to, rows, total, AmountBasis));
    }

    private static UnitRow Row(
        long unitId, string name, long signedCount, long signedAmount, long started, long contracted, long invested, int due, int met, int achieved,
        (int Attained, int NotAttained, int Unjudged) attainment) =>
        new(unitId, name, signedCount, Quantities.FromStored(signedAmount), started, Commitments.Rate(started, signedCount), Quantities.FromStored(contracted),
            Quantities.FromStored(invested), Commitments.Rate(invested, contracted), due, met, Commitments.Rate(met, due), achieved,
            attainment.Attained, attainment.NotAttained, attainment.Unjudged);

    private sealed class SignedRow
    {
        public long UnitId { get; init; }

        public long SignedCount { get; init; }

        public long Signed { get; init; }

        public long Contracted { get; init; }

        public long StartedCount { get; init; }

        public long Invested { get; init; }
    }
}
