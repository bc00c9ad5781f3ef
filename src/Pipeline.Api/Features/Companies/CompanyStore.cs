using Pipeline.Domain.Companies;

namespace Pipeline.Api.Features.Companies;

public static class CompanyStore
{
    private const string Columns =
        "c.id, c.name, c.credit_code, c.region, c.industry_code, c.version";

    public static async Task<CompanyDto?> FindAsync(DbSession session, long id)
    {
        var company = await session.QuerySingleOrDefaultAsync<CompanySummary>($"SELECT {Columns} FROM companies c WHERE c.id = @id", new { id });
        if (company is null)
        {
            return null;
        }

        var contacts = await session.QueryAsync<ContactDto>(
            "SELECT name, title, phone, email FROM company_contacts WHERE company_id = @id ORDER BY id", new { id });
        return new CompanyDto(company.Id, company.Name, company.CreditCode, company.Region, company.IndustryCode, contacts, company.Version);
    }

    public static Task<(IReadOnlyList<CompanySummary> Items, long Total)> ListAsync(DbSession session, CompanyQuery query, int skip, int take) =>
        session.PageAsync<CompanySummary>(Columns, "companies c", ListFilter(query), "c.id DESC", skip, take);

    /// <summary>Every company of the list's filter, newest first, with its industry's name and first contact, read one at a time.</summary>
    public static IEnumerable<CompanySheetRow> Export(DbSession session, CompanyQuery query)
    {
        var filter = ListFilter(query);
        return session.Stream<CompanySheetRow>(d => $"""
            SELECT {Columns}, ind.name AS IndustryName, ct.name AS ContactName, ct.title AS ContactTitle, ct.phone AS ContactPhone, ct.email AS ContactEmail
            FROM companies c LEFT JOIN industries ind ON ind.code = c.industry_code
            LEFT JOIN company_contacts ct ON ct.id = (SELECT MIN(c2.id) FROM company_contacts c2 WHERE c2.company_id = c.id)
            {filter.Where} ORDER BY c.id DESC
            """, filter.Args);
    }

    private static SqlFilter ListFilter(CompanyQuery query) => new SqlFilter()
        .When(Like.Contains(query.Q), $"(c.name LIKE @Q {Like.Escape} OR c.credit_code LIKE @Q {Like.Escape})", "Q")
        .When(query.IndustryCode, "c.industry_code = @IndustryCode", "IndustryCode");

    public static Task<long?> FindIdByCreditCodeAsync(DbSession session, string creditCode) =>
        session.QuerySingleOrDefaultAsync<long?>("SELECT id FROM companies WHERE credit_code = @creditCode", new { creditCode });

    private const string InsertSql = """
        INSERT INTO companies (name, name_key, credit_code, region, industry_code, version, created_at, updated_at, created_by)
        VALUES (@Name, @NameKey, @CreditCode, @Region, @IndustryCode, 1, @Now, @Now, @CreatedBy)
        """;

    private static readonly string[] InsertParameters = ["Name", "NameKey", "CreditCode", "Region", "IndustryCode", "Now", "CreatedBy"];

    public static Task<long> InsertAsync(DbSession session, string name, string? creditCode, string? region, string? industryCode, long? createdBy, DateTime now) =>
        session.InsertAsync(InsertSql, PreparedStatement.Named(InsertParameters, [name, CompanyName.Key(name), creditCode, region, industryCode, now, createdBy]));

    /// <summary>The company lookups and insert of a bulk import, prepared once for the session.</summary>
    public static Lookups Prepare(DbSession session) => new(
        session.Prepare(_ => "SELECT id FROM companies WHERE credit_code = @CreditCode", "CreditCode"),
        session.Prepare(d => $"SELECT id FROM companies WHERE name_key = @Key ORDER BY id {d.Limit(1)}", "Key"),
        session.PrepareInsert(InsertSql, InsertParameters));

    public sealed class Lookups(PreparedStatement byCreditCode, PreparedStatement byName, PreparedStatement insert)
    {
        /// <summary>The company with the credit code (or, without one, the name), added when there is none yet.</summary>
        public async Task<long> FindOrAddAsync(string name, string? creditCode, string? industryCode, long createdBy, DateTime now)
        {
            var key = CompanyName.Key(name);
            var existing = creditCode is not null ? await byCreditCode.ScalarAsync(creditCode) : await byName.ScalarAsync(key);
            return existing ?? (await insert.ScalarAsync(name, key, creditCode, null, industryCode, now, createdBy))!.Value;
        }
    }

    /// <summary>The lookups, insert and contact of a company ledger import, prepared once for the session.</summary>
    public static Ledger PrepareLedger(DbSession session) => new(
        session.Prepare(_ => "SELECT id FROM companies WHERE credit_code = @CreditCode", "CreditCode"),
        session.Prepare(d => $"SELECT id FROM companies WHERE name_key = @Key ORDER BY id DESC {d.Limit(1)}", "Key"),
        session.PrepareInsert(InsertSql, InsertParameters),
        session.Prepare(_ => "INSERT INTO company_contacts (company_id, name, title, phone, email) VALUES (@CompanyId, @Name, @Title, @Phone, @Email)",
            "CompanyId", "Name", "Title", "Phone", "Email"));

    public static Task<long> LastIdAsync(DbSession session) => session.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(id), 0) FROM companies");

    public sealed class Ledger(PreparedStatement byCreditCode, PreparedStatement byName, PreparedStatement insert, PreparedStatement contact)
    {
        /// <summary>The company with the credit code, or without one the newest with the same name once normalised.</summary>
        public Task<long?> FindAsync(string name, string? creditCode) =>
            creditCode is not null ? byCreditCode.ScalarAsync(creditCode) : byName.ScalarAsync(CompanyName.Key(name));

        public async Task<long> InsertAsync(string name, string? creditCode, string? region, string? industryCode, ContactDto? firstContact, long createdBy, DateTime now)
        {
            var id = (await insert.ScalarAsync(name, CompanyName.Key(name), creditCode, region, industryCode, now, createdBy))!.Value;
            if (firstContact is not null)
            {
                await contact.ExecuteAsync(id, firstContact.Name, firstContact.Title, firstContact.Phone, firstContact.Email);
            }

            return id;
        }
    }

    public static async Task<bool> UpdateAsync(
        DbSession session, long id, int expectedVersion, string name, string? creditCode, string? region, string? industryCode, DateTime now) =>
        await session.ExecuteAsync("""
            UPDATE companies SET name = @name, name_key = @NameKey, credit_code = @creditCode, region = @region, industry_code = @industryCode,
                version = version + 1, updated_at = @now
            WHERE id = @id AND version = @expectedVersion
            """, new { id, expectedVersion, name, NameKey = CompanyName.Key(name), creditCode, region, industryCode, now }) == 1;

    public static async Task ReplaceContactsAsync(DbSession session, long companyId, IEnumerable<ContactDto> contacts)
    {
        await session.ExecuteAsync("DELETE FROM company_contacts WHERE company_id = @companyId", new { companyId });
        await session.ExecuteAsync("""
            INSERT INTO company_contacts (company_id, name, title, phone, email) VALUES (@companyId, @Name, @Title, @Phone, @Email)
            """, contacts.Select(c => new { companyId, Name = c.Name!.Trim(), c.Title, c.Phone, c.Email }));
    }
}
