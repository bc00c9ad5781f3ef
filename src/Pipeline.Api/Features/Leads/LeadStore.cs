using Pipeline.Api.Features.Units;
using Pipeline.Domain.Companies;
using Pipeline.Domain.Leads;

namespace Pipeline.Api.Features.Leads;

public static class LeadStore
{
    private const string Columns = """
        l.id, l.unit_id, un.name AS UnitName, l.title, l.company_id, l.company_name,
        l.credit_code, l.industry_code, l.estimated_investment, l.content,
        l.investor_requirements, l.contact_name, l.contact_phone, l.source,
        l.trip_id, l.status, l.status_reason, l.logged_on, l.verified_on,
        l.project_id, l.verified_by, l.version, l.created_at, l.created_by
        """;

    private const string From = "leads l JOIN units un ON un.id = l.unit_id";

    /// <summary>
    /// The lead if the caller may read it, with whether they may act on it: the staff of its unit (or a unit above), the
    /// head of its unit (or of one above), and admins. Leaders read every lead and mark false ones; they do not verify.
    /// </summary>
    public static Task<LeadRow?> FindAsync(DbSession session, long id, Caller caller)
    {
        var args = new DynamicParameters(new { id, Me = caller.Id });
        var act = $"""
            ({UnitScope.Write(caller, args, "l.unit_id")}
             OR EXISTS (SELECT 1 FROM unit_tree ht JOIN units hu ON hu.id = ht.ancestor_id WHERE ht.descendant_id = l.unit_id AND hu.head_user_id = @Me))
            """;
        var where = UnitScope.And("l.id = @id", UnitScope.Read(caller, args, "l.unit_id"));
        return session.QuerySingleOrDefaultAsync<LeadRow>(
            $"SELECT {Columns}, CASE WHEN {act} THEN 1 ELSE 0 END AS CanAct FROM {From} WHERE {where}", args);
    }

    public static async Task<(IReadOnlyList<LeadDto> Items, long Total)> ListAsync(
        DbSession session, LeadQuery query, LeadStatus? status, Caller caller, int skip, int take)
    {
        var (rows, total) = await session.PageAsync<LeadRow>(Columns, From, ListFilter(query, status, caller), "l.id DESC", skip, take, countFrom: "leads l", key: "l.id");
        return (rows.Select(r => r.ToDto()).ToList(), total);
    }

    /// <summary>Every lead of the list's filter, newest first, with its industry's name, read one at a time.</summary>
    public static IEnumerable<LeadRow> Export(DbSession session, LeadQuery query, LeadStatus? status, Caller caller)
    {
        var filter = ListFilter(query, status, caller);
        return session.Stream<LeadRow>(_ => $"""
            SELECT {Columns}, ind.name AS IndustryName FROM {From} LEFT JOIN industries ind ON ind.code = l.industry_code
            {filter.Where} ORDER BY l.id DESC
            """, filter.Args);
    }

    private static SqlFilter ListFilter(LeadQuery query, LeadStatus? status, Caller caller)
    {
        var filter = new SqlFilter()
            .When(status is null ? null : LeadRules.Code(status.Value), "l.status = @Status", "Status")
            .When(query.UnitId, "l.unit_id IN (SELECT ut.descendant_id FROM unit_tree ut WHERE ut.ancestor_id = @UnitId)", "UnitId")
            .When(query.TripId, "l.trip_id = @TripId", "TripId")
            .When(Like.Contains(query.Q), $"(l.title LIKE @Q {Like.Escape} OR l.company_name LIKE @Q {Like.Escape})", "Q");
        if (UnitScope.Read(caller, filter.Args, "l.unit_id") is { } scope)
        {
            filter.Add(scope);
        }

        return filter;
    }

    private const string InsertSql = """
        INSERT INTO leads (unit_id, title, company_id, company_name, company_name_key, credit_code, industry_code, estimated_investment, content,
            investor_requirements, contact_name, contact_phone, source, trip_id, status, logged_on, version, created_at, updated_at, created_by)
        VALUES (@UnitId, @Title, @CompanyId, @CompanyName, @NameKey, @CreditCode, @IndustryCode, @EstimatedInvestment, @Content,
            @InvestorRequirements, @ContactName, @ContactPhone, @Source, @TripId, 'new', @LoggedOn, 1, @Now, @Now, @CreatedBy)
        """;

    private static readonly string[] InsertParameters =
    [
        "UnitId", "Title", "CompanyId", "CompanyName", "NameKey", "CreditCode", "IndustryCode", "EstimatedInvestment", "Content",
        "InvestorRequirements", "ContactName", "ContactPhone", "Source", "TripId", "LoggedOn", "Now", "CreatedBy",
    ];

    public static Task<long> InsertAsync(DbSession session, NewLead lead, DateTime now) =>
        session.InsertAsync(InsertSql, PreparedStatement.Named(InsertParameters, Values(lead, now)));

    /// <summary>The lead lookup and insert of a ledger import, prepared once for the session.</summary>
    public static Bulk Prepare(DbSession session) => new(
        session.Prepare(_ => "SELECT MAX(id) FROM leads WHERE unit_id = @UnitId AND title = @Title", "UnitId", "Title"),
        session.PrepareInsert(InsertSql, InsertParameters));

    public static Task<long> LastIdAsync(DbSession session) => session.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(id), 0) FROM leads");

    private static object?[] Values(NewLead lead, DateTime now) =>
    [
        lead.UnitId, lead.Title, lead.CompanyId, lead.CompanyName, CompanyName.Key(lead.CompanyName), lead.CreditCode, lead.IndustryCode,
        Pipeline.Domain.Quantities.ToStored(lead.EstimatedInvestment), lead.Content, lead.InvestorRequirements, lead.ContactName, lead.ContactPhone,
        lead.Source.ToCode(), lead.TripId, lead.LoggedOn, now, lead.CreatedBy,
    ];

    public sealed class Bulk(PreparedStatement newest, PreparedStatement insert)
    {
        /// <summary>The newest lead of that title in the unit, if any: a ledger knows a lead by its title within its unit.</summary>
        public Task<long?> NewestAsync(long unitId, string title) => newest.ScalarAsync(unitId, title);

        public async Task<long> InsertAsync(NewLead lead, DateTime now) => (await insert.ScalarAsync(Values(lead, now)))!.Value;
    }

    /// <summary>Other leads about the same investor, across all units: that is where double counting hides.</summary>
    public static Task<IReadOnlyList<DuplicateHint>> PossibleDuplicatesAsync(DbSession session, long id, string companyName, string? creditCode) =>
        session.QueryAsync<DuplicateHint>(d => $"""
            SELECT l.id, l.title, l.company_name, l.status, l.unit_id, un.name AS UnitName,
                   CASE WHEN l.credit_code = @creditCode THEN 'creditCode' ELSE 'name' END AS MatchedBy
            FROM leads l JOIN units un ON un.id = l.unit_id
            WHERE l.id <> @id AND (l.credit_code = @creditCode OR l.company_name_key = @key)
            ORDER BY l.id DESC {d.Limit(20)}
            """, new { id, creditCode, key = CompanyName.Key(companyName) });

    /// <summary>
    /// Leads, companies and projects (through their company) that match a credit code or a folded name, across all units
    /// like <see cref="PossibleDuplicatesAsync"/>: the form shows them before anything is saved.
    /// </summary>
    public static async Task<DuplicateCheck> DuplicatesAsync(DbSession session, string? key, string? creditCode)
    {
        using var grid = await session.QueryMultipleAsync(d => $"""
            SELECT l.id, l.title, l.company_name, l.status, l.unit_id, un.name AS UnitName,
                   CASE WHEN l.credit_code = @creditCode THEN 'creditCode' ELSE 'name' END AS MatchedBy
            FROM leads l JOIN units un ON un.id = l.unit_id
            WHERE l.credit_code = @creditCode OR l.company_name_key = @key
            ORDER BY l.id DESC {d.Limit(20)};
            SELECT c.id, c.name, NULL AS UnitName, NULL AS Stage,
                   CASE WHEN c.credit_code = @creditCode THEN 'creditCode' ELSE 'name' END AS MatchedBy
            FROM companies c
            WHERE c.credit_code = @creditCode OR c.name_key = @key
            ORDER BY c.id DESC {d.Limit(20)};
            SELECT p.id, p.name, un.name AS UnitName, p.stage AS Stage,
                   CASE WHEN c.credit_code = @creditCode THEN 'creditCode' ELSE 'name' END AS MatchedBy
            FROM projects p JOIN companies c ON c.id = p.company_id JOIN units un ON un.id = p.responsible_unit_id
            WHERE c.credit_code = @creditCode OR c.name_key = @key
            ORDER BY p.id DESC {d.Limit(20)};
            """, new { key, creditCode });
        var leads = (await grid.ReadAsync<DuplicateHint>()).AsList();
        var companies = (await grid.ReadAsync<DuplicateMatch>()).AsList();
        var projects = (await grid.ReadAsync<DuplicateMatch>()).AsList();
        return new DuplicateCheck(key ?? "", leads, companies, projects);
    }

    /// <summary>The leads among <paramref name="leadIds"/> the caller may see, with the trip each already came out of.</summary>
    public static Task<IReadOnlyList<(long Id, long? TripId)>> TripLinksAsync(DbSession session, IReadOnlyList<long> leadIds, Caller caller)
    {
        var args = new DynamicParameters(new { leadIds });
        return session.QueryAsync<(long Id, long? TripId)>(
            d => $"SELECT l.id, l.trip_id FROM leads l WHERE l.id {d.InList("@leadIds")} AND {UnitScope.Read(caller, args, "l.unit_id") ?? "1 = 1"}", args);
    }

    /// <summary>Records that the leads came out of the trip.</summary>
    public static Task AttachToTripAsync(DbSession session, long tripId, IReadOnlyList<long> leadIds) =>
        session.ExecuteAsync(d => $"UPDATE leads SET trip_id = @tripId WHERE id {d.InList("@leadIds")}", new { tripId, leadIds });

    public static Task SetCompanyAsync(DbSession session, long id, long companyId) =>
        session.ExecuteAsync("UPDATE leads SET company_id = @companyId WHERE id = @id", new { id, companyId });

    /// <summary>Moves the lead if it is still in <paramref name="from"/>; false when someone else moved it first.</summary>
    public static async Task<bool> MoveAsync(
        DbSession session, long id, LeadStatus from, LeadStatus to, string? reason, long? projectId, long by, DateOnly today, DateTime now) =>
        await session.ExecuteAsync("""
            UPDATE leads SET status = @To, status_reason = COALESCE(@reason, status_reason), project_id = COALESCE(@projectId, project_id),
                verified_on = CASE WHEN @To = 'verified' THEN @today ELSE verified_on END,
                verified_by = CASE WHEN @To = 'verified' THEN @by ELSE verified_by END, version = version + 1, updated_at = @now
            WHERE id = @id AND status = @From
            """, new { id, From = LeadRules.Code(from), To = LeadRules.Code(to), reason, projectId, by, today, now }) == 1;
}

public sealed record NewLead(
    long UnitId, string Title, long? CompanyId, string CompanyName, string? CreditCode, string IndustryCode, decimal EstimatedInvestment,
    string Content, string InvestorRequirements, string ContactName, string ContactPhone, LeadSource Source, long? TripId, DateOnly LoggedOn,
    long CreatedBy);
