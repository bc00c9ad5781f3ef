using Pipeline.Api.Features.Companies;

namespace Pipeline.Api.Features.Imports;

/// <summary>
/// The company ledger (客商台账): investors with their first contact, through CompanyStore's statements prepared once. A
/// company is known by its credit code, or without one by its name once normalised: one already there is left as it is.
/// </summary>
public sealed class CompanyLedger : ILedgerImporter
{
    public const string Name = "企业名称";
    public const string CreditCode = "统一社会信用代码";
    public const string Region = "所在地区";
    public const string Industry = "所属产业";
    public const string ContactName = "联系人";
    public const string ContactTitle = "职务";
    public const string ContactPhone = "联系电话";
    public const string ContactEmail = "电子邮箱";

    private readonly LedgerReferences _references;
    private readonly CompanyStore.Ledger _companies;
    private readonly PreparedAudit _audit;
    private readonly long _callerId;
    private readonly long _lastIdBefore;
    private readonly DateTime _now;

    private CompanyLedger(LedgerReferences references, CompanyStore.Ledger companies, PreparedAudit audit, ApiContext ctx, long lastIdBefore)
    {
        (_references, _companies, _audit, _callerId, _lastIdBefore) = (references, companies, audit, ctx.Caller.Id, lastIdBefore);
        _now = ctx.Clock.UtcNow;
    }

    public static async Task<CompanyLedger> CreateAsync(DbSession session, ApiContext ctx) =>
        new(await LedgerReferences.LoadAsync(session, ctx.Caller), CompanyStore.PrepareLedger(session), ctx.Audit.Prepare(session), ctx,
            await CompanyStore.LastIdAsync(session));

    public async Task<RowOutcome> ImportAsync(LedgerCells cells)
    {
        var before = cells.ProblemCount;
        var name = cells.Text(Name, required: true, maxLength: 200);
        var creditCode = CompanyChecks.Normalize(cells.Text(CreditCode));
        if (creditCode is not null && Domain.Companies.CreditCode.Problem(creditCode) is { } bad)
        {
            cells.Problem(CreditCode, bad);
        }

        var region = cells.Text(Region, maxLength: 100);
        var industry = _references.Industry(cells, Industry, required: false);
        var contactName = cells.Text(ContactName, maxLength: 100);
        var contact = new ContactDto
        {
            Name = contactName, Title = cells.Text(ContactTitle, maxLength: 100), Phone = cells.Text(ContactPhone, maxLength: 40),
            Email = cells.Text(ContactEmail, maxLength: 200),
        };
        cells.When(contactName is null && (contact.Title ?? contact.Phone ?? contact.Email) is not null, ContactName, Messages.Required);
        if (cells.ProblemCount > before)
        {
            return RowOutcome.Refused;
        }

        var existing = await _companies.FindAsync(name!, creditCode);
        if (existing > _lastIdBefore)
        {
            cells.Problem(creditCode is null ? Name : CreditCode, Messages.ImportCompanyRepeated);
            return RowOutcome.Refused;
        }

        if (existing is not null)
        {
            return RowOutcome.Unchanged;
        }

        var id = await _companies.InsertAsync(name!, creditCode, region, industry, contactName is null ? null : contact, _callerId, _now);
        await _audit.WriteAsync("import", "company", id, name);
        return RowOutcome.Created;
    }
}
