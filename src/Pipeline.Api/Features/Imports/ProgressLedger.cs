using Pipeline.Api.Features.Progress;
using Pipeline.Api.Features.Projects;

namespace Pipeline.Api.Features.Imports;

/// <summary>
/// The monthly investment (月度投资) and yearly performance (年度效益) ledgers: figures of projects the caller's unit (or one
/// below it) answers for, named by project and unit, through ProgressStore's statements prepared once. A month or year
/// already there with the same figures is left as it is; with other figures it takes the ledger's, as the API does.
/// </summary>
public sealed class ProgressLedger : ILedgerImporter
{
    public const string Project = "项目名称";
    public const string Unit = "责任单位";
    public const string Month = "月份";
    public const string Amount = "完成投资(万元)";
    public const string Year = "年度";
    public const string Tax = "税收(万元)";
    public const string Output = "产值(万元)";
    public const string Energy = "综合能耗(吨标准煤)";
    public const string Employees = "从业人数";

    public enum Kind
    {
        Investment,
        Performance,
    }

    private readonly Kind _kind;
    private readonly LedgerReferences _references;
    private readonly PreparedStatement _projects;
    private readonly ProgressStore.Ledger _progress;
    private readonly PreparedAudit _audit;
    private readonly ApiContext _ctx;
    private readonly DateTime _now;

    // Repeats within the file: a project's month or year is 12 bytes, so even a long ledger's keys stay small.
    private readonly HashSet<(long Project, int Period)> _seen = [];

    private ProgressLedger(Kind kind, LedgerReferences references, DbSession session, ApiContext ctx)
    {
        (_kind, _references, _ctx) = (kind, references, ctx);
        _projects = ProjectBulkWriter.PrepareNewest(session);
        _progress = ProgressStore.PrepareLedger(session);
        _audit = ctx.Audit.Prepare(session);
        _now = ctx.Clock.UtcNow;
    }

    public static async Task<ProgressLedger> CreateAsync(DbSession session, ApiContext ctx, Kind kind) =>
        new(kind, await LedgerReferences.LoadAsync(session, ctx.Caller), session, ctx);

    public async Task<RowOutcome> ImportAsync(LedgerCells cells)
    {
        var before = cells.ProblemCount;
        var today = _ctx.Clock.Today;
        var name = cells.Text(Project, required: true);
        var unitId = _references.WritableUnit(cells, Unit);
        DateOnly? month = null;
        int? year = null;
        decimal? amount = null;
        PerformanceInput? figures = null;
        if (_kind == Kind.Investment)
        {
            month = cells.Month(Month, required: true);
            cells.When(month > today, Month, Words.Format(Messages.ImportMonthNotBegun, today.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)));
            amount = cells.Quantity(Amount, required: true, allowZero: true);
        }
        else
        {
            year = cells.Whole(Year, required: true);
            cells.When(year is < 2000 || year > today.Year, Year, Words.Format(Messages.ImportYearRange, today.Year));
            figures = new PerformanceInput(
                cells.Quantity(Tax, required: true, allowZero: true), cells.Quantity(Output, required: true, allowZero: true),
                cells.Quantity(Energy, required: true, allowZero: true), cells.Whole(Employees));
            cells.When(figures.Employees < 0, Employees, Messages.NotNegative);
        }

        if (cells.ProblemCount > before)
        {
            return RowOutcome.Refused;
        }

        if (await _projects.ScalarAsync(unitId!.Value, name!) is not { } projectId)
        {
            cells.Problem(Project, Words.Format(Messages.ImportProjectUnknown, cells.Text(Unit), name));
            return RowOutcome.Refused;
        }

        var period = month is { } m ? (m.Year * 100) + m.Month : year!.Value;
        if (!_seen.Add((projectId, period)))
        {
            cells.Problem(month is null ? Year : Month, month is null ? Messages.ImportYearRepeated : Messages.ImportMonthRepeated);
            return RowOutcome.Refused;
        }

        var outcome = month is { } first
            ? await _progress.PutInvestmentAsync(projectId, first, amount!.Value, _ctx.Caller.Id, _now)
            : await _progress.PutPerformanceAsync(projectId, year!.Value, figures!, _now);
        if (outcome != RowOutcome.Unchanged)
        {
            await _audit.WriteAsync(month is null ? "recordPerformance" : "recordInvestment", "project", projectId,
                month is { } mm ? $"{mm:yyyy-MM}: {amount} 万元（台账导入）" : $"{year}: tax {figures!.Tax}, output {figures.Output}, energy {figures.EnergyTce}（台账导入）");
        }

        return outcome;
    }
}
