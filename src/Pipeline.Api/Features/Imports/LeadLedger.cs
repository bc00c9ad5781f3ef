using Pipeline.Api.Features.Leads;

namespace Pipeline.Api.Features.Imports;

/// <summary>
/// The lead ledger (线索台账): each row a lead logged in its unit (the caller's own or one below it), through LeadStore's
/// statements prepared once. A lead is known by its title within its unit: one already there is left as it is.
/// Leads come in new (新登记); verifying them stays a second person's work in Pipeline.
/// </summary>
public sealed class LeadLedger : ILedgerImporter
{
    public const string Title = "线索名称";
    public const string Unit = "登记单位";
    public const string Company = "投资方";
    public const string CreditCode = "统一社会信用代码";
    public const string Industry = "所属产业";
    public const string Investment = "预计投资(万元)";
    public const string Source = "线索来源";
    public const string Content = "线索内容";
    public const string Requirements = "投资方诉求";
    public const string ContactName = "联系人";
    public const string ContactPhone = "联系电话";
    public const string LoggedOn = "登记日期";

    private readonly LedgerReferences _references;
    private readonly LeadStore.Bulk _leads;
    private readonly PreparedAudit _audit;
    private readonly ApiContext _ctx;
    private readonly long _lastIdBefore;
    private readonly DateTime _now;

    private LeadLedger(LedgerReferences references, LeadStore.Bulk leads, PreparedAudit audit, ApiContext ctx, long lastIdBefore)
    {
        (_references, _leads, _audit, _ctx, _lastIdBefore) = (references, leads, audit, ctx, lastIdBefore);
        _now = ctx.Clock.UtcNow;
    }

    public static async Task<LeadLedger> CreateAsync(DbSession session, ApiContext ctx) =>
        new(await LedgerReferences.LoadAsync(session, ctx.Caller), LeadStore.Prepare(session), ctx.Audit.Prepare(session), ctx, await LeadStore.LastIdAsync(session));

    public async Task<RowOutcome> ImportAsync(LedgerCells cells)
    {
        var before = cells.ProblemCount;
        var today = _ctx.Clock.Today;
        var title = cells.Text(Title, required: true, maxLength: 200);
        var unitId = _references.WritableUnit(cells, Unit);
        var company = cells.Text(Company, required: true, maxLength: 200);
        var creditCode = cells.Text(CreditCode) is { } code ? Domain.Companies.CreditCode.Normalize(code) : null;
        if (creditCode is not null && Domain.Companies.CreditCode.Problem(creditCode) is { } bad)
        {
            cells.Problem(CreditCode, bad);
        }

        var industry = _references.Industry(cells, Industry, required: true);
        var investment = cells.Quantity(Investment, required: true);
        LeadSource? source = null;
        if (cells.Text(Source, required: true) is { } sourceText)
        {
            source = LeadSources.Parse(sourceText);
            cells.When(source is null, Source, Words.Format(Messages.ImportSourceUnknown, sourceText, Words.List(LeadSources.All)));
        }

        var content = cells.Text(Content, required: true, maxLength: 4000);
        var requirements = cells.Text(Requirements, required: true, maxLength: 2000);
        var contactName = cells.Text(ContactName, required: true, maxLength: 100);
        var contactPhone = cells.Text(ContactPhone, required: true, maxLength: 40);
        var loggedOn = cells.Date(LoggedOn) ?? today;
        cells.When(loggedOn > today, LoggedOn, Words.Format(Messages.NotAfterToday, today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        if (cells.ProblemCount > before)
        {
            return RowOutcome.Refused;
        }

        var existing = await _leads.NewestAsync(unitId!.Value, title!);
        if (existing > _lastIdBefore)
        {
            cells.Problem(Title, Messages.ImportLeadRepeated);
            return RowOutcome.Refused;
        }

        if (existing is not null)
        {
            return RowOutcome.Unchanged;
        }

        var id = await _leads.InsertAsync(new NewLead(unitId.Value, title!, null, company!, creditCode, industry!, investment!.Value, content!, requirements!,
            contactName!, contactPhone!, source!.Value, null, loggedOn, _ctx.Caller.Id), _now);
        await _audit.WriteAsync("import", "lead", id, title);
        return RowOutcome.Created;
    }
}
