namespace Pipeline.Api.Features.Projects;

/// <summary>
/// Many projects with their history and agreements in one session (the ledger import), through Projects' own statements
/// prepared once: the bulk path runs the same SQL as a single registration, bound by position.
/// </summary>
public sealed class ProjectBulkWriter(PreparedStatement newest, PreparedStatement project, PreparedStatement history, PreparedStatement agreement) : IAsyncDisposable
{
    public static ProjectBulkWriter Prepare(DbSession session) => new(
        PrepareNewest(session),
        session.PrepareInsert(NewProjectRow.InsertSql(explicitId: false), NewProjectRow.Parameters(explicitId: false)),
        session.Prepare(_ => HistoryRecord.InsertSql, HistoryRecord.Parameters),
        session.Prepare(_ => NewAgreement.InsertSql, NewAgreement.Parameters));

    /// <summary>The newest project by unit and name, for ledgers that name projects (monthly investment, yearly performance).</summary>
    public static PreparedStatement PrepareNewest(DbSession session) =>
        session.Prepare(_ => "SELECT MAX(id) FROM projects WHERE responsible_unit_id = @UnitId AND name = @Name", "UnitId", "Name");

    /// <summary>The newest project of that name in the unit, if any: a project is known by its name within its unit.</summary>
    public Task<long?> NewestAsync(long unitId, string name) => newest.ScalarAsync(unitId, name);

    /// <summary>Inserts the project and returns its id.</summary>
    public async Task<long> InsertAsync(NewProjectRow row) => (await project.ScalarAsync(row.Values(explicitId: false)))!.Value;

    public Task AddHistoryAsync(HistoryRecord entry, DateTime now) => history.ExecuteAsync(entry.Values(now));

    public Task AddAgreementAsync(NewAgreement entry) => agreement.ExecuteAsync(entry.Values());

    public async ValueTask DisposeAsync()
    {
        await newest.DisposeAsync();
        await project.DisposeAsync();
        await history.DisposeAsync();
        await agreement.DisposeAsync();
    }
}
