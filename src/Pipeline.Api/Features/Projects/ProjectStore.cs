using System.Collections.Concurrent;
using System.Data.Common;
using Pipeline.Api.Features.Units;
using Pipeline.Domain.Projects;

namespace Pipeline.Api.Features.Projects;

public static class ProjectStore
{
    private const string CompanyJoin = "LEFT JOIN companies c ON c.id = p.company_id";

    private const string NameJoins = """
        LEFT JOIN units u ON u.id = p.responsible_unit_id
        LEFT JOIN users rp ON rp.id = p.responsible_person_id
        LEFT JOIN users ld ON ld.id = p.leader_id
        """;

    /// <summary>The names a project row shows: its investor, unit, responsible person and leader.</summary>
    public const string Joins = CompanyJoin + "\n" + NameJoins;

    /// <summary>A list row's columns; the names of its unit and people come from a <see cref="NameBook"/>.</summary>
    private const string SummaryColumns = """
        p.id, p.name, c.name AS CompanyName, p.industry_code, p.total_investment,
        p.land_mode, p.stage, p.stage_entered_on, p.responsible_unit_id, p.responsible_person_id, p.leader_id, p.signed_on, p.is_key, p.version
        """;

    private const string DetailColumns = SummaryColumns + """
        ,
        u.name AS ResponsibleUnitName, rp.display_name AS ResponsiblePersonName, ld.display_name AS LeaderName,
        p.company_id, p.fixed_asset_investment, p.land_area_mu,
        p.origin_region, p.source_lead_id, p.dropped_from, p.talks_started_on,
        p.contract_amount, p.planned_groundbreaking_on,
        p.planned_production_on, p.land_supplied_on, p.land_supplied_mu,
        p.parcel_id, p.pre_review_on, p.review_passed_on, p.origin, p.signed_amount, p.contract_area_mu,
        p.groundbreaking_on, p.production_on, p.created_at, p.updated_at
        """;

    /// <summary>A row of <see cref="SummaryColumns"/>, column by column in their order.</summary>
    private static ProjectRow ReadSummary(DbDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Name = r.GetString(1),
        CompanyName = r.TextOrNull(2),
        IndustryCode = r.GetString(3),
        TotalInvestment = r.GetInt64(4),
        LandMode = r.Code<LandMode>(5),
        Stage = r.Code<Stage>(6),
        StageEnteredOn = r.Date(7),
        ResponsibleUnitId = r.GetInt64(8),
        ResponsiblePersonId = r.Int64OrNull(9),
        LeaderId = r.Int64OrNull(10),
        SignedOn = r.DateOrNull(11),
        IsKey = r.Flag(12),
        Version = r.GetInt32(13),
    };

    /// <summary>A row of <see cref="FindAsync(DbSession, DynamicParameters, string?, string)"/>: <see cref="DetailColumns"/>, then CanWrite and TeamIds.</summary>
    private static ProjectRow ReadDetail(DbDataReader r) => ReadSummary(r) with
    {
        ResponsibleUnitName = r.TextOrNull(14),
        ResponsiblePersonName = r.TextOrNull(15),
        LeaderName = r.TextOrNull(16),
        CompanyId = r.Int64OrNull(17),
        FixedAssetInvestment = r.Int64OrNull(18),
        LandAreaMu = r.Int64OrNull(19),
        OriginRegion = r.TextOrNull(20),
        SourceLeadId = r.Int64OrNull(21),
        DroppedFrom = r.CodeOrNull<Stage>(22),
        TalksStartedOn = r.Date(23),
        ContractAmount = r.Int64OrNull(24),
        PlannedGroundbreakingOn = r.DateOrNull(25),
        PlannedProductionOn = r.DateOrNull(26),
        LandSuppliedOn = r.DateOrNull(27),
        LandSuppliedMu = r.Int64OrNull(28),
        ParcelId = r.Int64OrNull(29),
        PreReviewOn = r.DateOrNull(30),
        ReviewPassedOn = r.DateOrNull(31),
        Origin = r.Code<ProjectOrigin>(32),
        SignedAmount = r.Int64OrNull(33),
        ContractAreaMu = r.Int64OrNull(34),
        GroundbreakingOn = r.DateOrNull(35),
        ProductionOn = r.DateOrNull(36),
        CreatedAt = r.Instant(37),
        UpdatedAt = r.Instant(38),
        CanWrite = r.GetInt32(39) != 0,
        TeamIds = r.GetString(40),
    };

    /// <summary>The project if the caller may read it, with whether they may change it and its team, in one query.</summary>
    public static Task<ProjectRow?> FindAsync(DbSession session, long id, Caller caller)
    {
        var args = new DynamicParameters(new { id });
        return FindAsync(session, args, ProjectScope.Read(caller, args), ProjectScope.Write(caller, args));
    }

    /// <summary>The project whatever the caller's scope: for what follows from an act already allowed (a review's outcome moving its project).</summary>
    public static Task<ProjectRow?> FindUnscopedAsync(DbSession session, long id) => FindAsync(session, new DynamicParameters(new { id }), null, "1 = 1");

    private static Task<ProjectRow?> FindAsync(DbSession session, DynamicParameters args, string? read, string write) =>
        session.QueryFirstOrDefaultAsync(FindSql(read, write), args, ReadDetail);

    /// <summary>
    /// One project's statement, its scope given as SQL conditions: to read (none for any project) and to change it. Each
    /// condition is one of a few fixed shapes whose values are parameters (<see cref="ProjectScope"/>): the text of each
    /// shape is kept, so a condition with a value written into it would keep a text per value.
    /// </summary>
    public static SqlText FindSql(string? read, string write) =>
        d => FindTexts.GetOrAdd((d, read, write), static key => $"""
            SELECT {DetailColumns}, CASE WHEN {key.Write} THEN 1 ELSE 0 END AS CanWrite,
                   COALESCE((SELECT {key.Dialect.StringAgg("pt.user_id")} FROM project_team pt WHERE pt.project_id = p.id), '') AS TeamIds
            FROM projects p {Joins}
            WHERE p.id = @id{(key.Read is null ? "" : " AND " + key.Read)}
            """);

    // Every request for a project would build the same text of about 1.1 KB again; each scope shape's text is built once.
    private static readonly ConcurrentDictionary<(ISqlDialect Dialect, string? Read, string Write), string> FindTexts = new();

    /// <summary>The API shape of a row read by <see cref="FindAsync"/>.</summary>
    public static ProjectDto ToDto(ProjectRow row) => row.ToDto(
        row.TeamIds is { Length: > 0 } ids
            ? ids.Split(',').Select(id => long.Parse(id, System.Globalization.CultureInfo.InvariantCulture)).Order().ToList()
            : []);

    /// <summary>A page of the list, with the names of its units and people from <paramref name="names"/>.</summary>
    public static async Task<(IReadOnlyList<ProjectSummary> Items, long Total)> ListAsync(
        DbSession session, NameBook names, ProjectQuery query, Stage? stage, Caller caller, int skip, int take)
    {
        var filter = Filter(query, stage, caller);
        var (rows, total) = await session.PageAsync(
            SummaryColumns, $"projects p {CompanyJoin}", filter, "p.id DESC", skip, take, ReadSummary, countFrom: "projects p", key: "p.id",
            total: TalliedTotal(query, stage, caller, filter.Args));
        return (rows.Select(r => (r with
        {
            ResponsibleUnitName = names.Unit(r.ResponsibleUnitId),
            ResponsiblePersonName = names.Person(r.ResponsiblePersonId),
            LeaderName = names.Person(r.LeaderId),
        }).ToSummary()).ToList(), total);
    }

    /// <summary>
    /// The list's total from the per-unit, per-stage tallies that triggers keep (<c>project_counts</c>) when the list is
    /// filtered by nothing but stage, unit and the caller's scope — the usual case, which would otherwise count every
    /// matching project on every page. Null when another filter is given.
    /// </summary>
    private static string? TalliedTotal(ProjectQuery query, Stage? stage, Caller caller, DynamicParameters args)
    {
        if (query.LeaderId is not null || !string.IsNullOrWhiteSpace(query.IndustryCode) || Like.Contains(query.Q) is not null
            || query.SignedFrom is not null || query.SignedTo is not null || query.Origin is not null)
        {
            return null;
        }

        var filter = new List<string>();
        if (stage is not null)
        {
            filter.Add("pc.stage = @Stage");
        }

        if (query.UnitId is not null)
        {
            filter.Add("pc.unit_id IN (SELECT t.descendant_id FROM unit_tree t WHERE t.ancestor_id = @UnitId)");
        }

        if (ProjectScope.Read(caller, args, "pc.unit_id", "pc.stage") is { } scope)
        {
            filter.Add(scope);
        }

        return $"SELECT COALESCE(SUM(pc.projects), 0) FROM project_counts pc{(filter.Count == 0 ? "" : " WHERE " + string.Join(" AND ", filter))}";
    }

    /// <summary>Every project of the list's filter in the ledger's columns, newest first, read one at a time.</summary>
    public static IEnumerable<Imports.LedgerRecord> Ledger(DbSession session, ProjectQuery query, Stage? stage, Caller caller)
    {
        var filter = Filter(query, stage, caller);
        return session.Stream<Imports.LedgerRecord>(_ => $"""
            SELECT {Imports.LedgerRecord.Columns} FROM projects p {Joins} LEFT JOIN industries ind ON ind.code = p.industry_code
            {filter.Where} ORDER BY p.id DESC
            """, filter.Args);
    }

    private static SqlFilter Filter(ProjectQuery query, Stage? stage, Caller caller)
    {
        var filter = new SqlFilter()
            .When(stage?.Code(), "p.stage = @Stage", "Stage")
            .When(query.UnitId, "p.responsible_unit_id IN (SELECT t.descendant_id FROM unit_tree t WHERE t.ancestor_id = @UnitId)", "UnitId")
            .When(query.LeaderId, "p.leader_id = @LeaderId", "LeaderId")
            .When(query.IndustryCode, "p.industry_code = @IndustryCode", "IndustryCode")
            .When(Like.Contains(query.Q), $"(p.name LIKE @Q {Like.Escape} OR p.company_id IN (SELECT c2.id FROM companies c2 WHERE c2.name LIKE @Q {Like.Escape}))", "Q")
            .When(query.SignedFrom, "p.signed_on >= @SignedFrom", "SignedFrom")
            .When(query.SignedTo, "p.signed_on <= @SignedTo", "SignedTo")
            .When(query.Origin, "p.origin = @Origin", "Origin");
        if (ProjectScope.Read(caller, filter.Args) is { } scope)
        {
            filter.Add(scope);
        }

        return filter;
    }

    /// <summary>Registers a project in talks on <paramref name="talksStartedOn"/>, with its team and the first history row.</summary>
    public static async Task<long> CreateAsync(DbSession session, CreateProject project, DateOnly talksStartedOn, long createdBy, DateTime now)
    {
        var row = new NewProjectRow(
            project.Name!.Trim(), project.CompanyId, project.IndustryCode!, Quantities.ToStored(project.TotalInvestment!.Value),
            Quantities.ToStored(project.FixedAssetInvestment), project.LandMode!.Value.Code(), Quantities.ToStored(project.LandAreaMu),
            project.OriginRegion, project.SourceLeadId, project.ResponsibleUnitId!.Value, project.ResponsiblePersonId, project.LeaderId,
            project.IsKey ?? false, Stage.Talks.Code(), talksStartedOn, talksStartedOn, now, createdBy)
        {
            Origin = (project.SourceLeadId is null ? ProjectOrigin.Api : ProjectOrigin.Lead).ToCode(),
        };
        var id = await session.InsertAsync(NewProjectRow.InsertSql(explicitId: false), PreparedStatement.Named(NewProjectRow.Parameters(explicitId: false), row.Values(explicitId: false)));
        await ReplaceTeamAsync(session, id, project.TeamMemberIds ?? []);
        await AddHistoryAsync(session, new HistoryRecord(id, null, Stage.Talks, talksStartedOn, createdBy, "Project registered (在谈)"), now);
        return id;
    }

    /// <summary>Writes the changeable fields if the project is still at <paramref name="expectedVersion"/>; false when it changed meanwhile.</summary>
    public static async Task<bool> UpdateAsync(DbSession session, long id, int expectedVersion, CreateProject project, ContractTerms contract, DateTime now) =>
        await session.ExecuteAsync("""
            UPDATE projects SET name = @Name, company_id = @CompanyId, industry_code = @IndustryCode, total_investment = @TotalInvestment,
                fixed_asset_investment = @FixedAssetInvestment, land_mode = @LandMode, land_area_mu = @LandAreaMu, origin_region = @OriginRegion,
                responsible_unit_id = @ResponsibleUnitId, responsible_person_id = @ResponsiblePersonId, leader_id = @LeaderId, is_key = @IsKey,
                contract_amount = @ContractAmount, planned_groundbreaking_on = @PlannedGroundbreakingOn, planned_production_on = @PlannedProductionOn,
                version = version + 1, updated_at = @now
            WHERE id = @id AND version = @expectedVersion
            """,
            new
            {
                id,
                expectedVersion,
                now,
                Name = project.Name!.Trim(),
                project.CompanyId,
                project.IndustryCode,
                TotalInvestment = Quantities.ToStored(project.TotalInvestment),
                FixedAssetInvestment = Quantities.ToStored(project.FixedAssetInvestment),
                LandMode = project.LandMode!.Value.Code(),
                LandAreaMu = Quantities.ToStored(project.LandAreaMu),
                project.OriginRegion,
                project.ResponsibleUnitId,
                project.ResponsiblePersonId,
                project.LeaderId,
                project.IsKey,
                ContractAmount = Quantities.ToStored(contract.Amount),
                contract.PlannedGroundbreakingOn,
                contract.PlannedProductionOn,
            }) == 1;

    /// <summary>Records the project's first passed pre-review (过会), which the funnel and the signing gate read.</summary>
    public static Task MarkReviewPassedAsync(DbSession session, long projectId, DateOnly on) =>
        session.ExecuteAsync("UPDATE projects SET review_passed_on = COALESCE(review_passed_on, @on) WHERE id = @projectId", new { projectId, on });

    public static Task<IReadOnlyList<long>> TeamAsync(DbSession session, long projectId) =>
        session.QueryAsync<long>("SELECT user_id FROM project_team WHERE project_id = @projectId", new { projectId });

    public static async Task ReplaceTeamAsync(DbSession session, long projectId, IEnumerable<long> userIds)
    {
        await session.ExecuteAsync("DELETE FROM project_team WHERE project_id = @projectId", new { projectId });
        await session.ExecuteAsync("INSERT INTO project_team (project_id, user_id) VALUES (@projectId, @userId)",
            userIds.Distinct().Select(userId => new { projectId, userId }));
    }

    public static async Task<IReadOnlyList<HistoryEntry>> HistoryAsync(DbSession session, long projectId) =>
        (await session.QueryAsync<HistoryRow>("""
            SELECT id, from_stage AS "From", to_stage AS "To", on_date AS "On", recorded_at, by_user_id,
                   note, amount, area_mu, land_contract_no, reason_code, parcel_id
            FROM project_stage_history WHERE project_id = @projectId ORDER BY id
            """, new { projectId })).Select(r => r.ToEntry()).ToList();

    internal static Task AddHistoryAsync(DbSession session, HistoryRecord entry, DateTime now) =>
        session.ExecuteAsync(HistoryRecord.InsertSql, PreparedStatement.Named(HistoryRecord.Parameters, entry.Values(now)));

    public static Task<long> AddAgreementAsync(DbSession session, NewAgreement agreement) =>
        session.InsertAsync(NewAgreement.InsertSql, PreparedStatement.Named(NewAgreement.Parameters, agreement.Values()));

    public static async Task<IReadOnlyList<AgreementDto>> AgreementsAsync(DbSession session, long projectId, long? agreementId = null) =>
        (await session.QueryAsync<AgreementRow>("""
            SELECT id, project_id, type, signed_on, amount, note, created_at, created_by
            FROM project_agreements WHERE project_id = @projectId AND (@agreementId IS NULL OR id = @agreementId) ORDER BY signed_on, id
            """, new { projectId, agreementId })).Select(r => r.ToDto()).ToList();

    public static Task<long> AddActivityAsync(DbSession session, long projectId, ActivityKind kind, DateOnly on, string summary, long createdBy, DateTime now) =>
        session.InsertAsync("""
            INSERT INTO project_activities (project_id, kind, on_date, summary, created_at, created_by)
            VALUES (@projectId, @Kind, @on, @summary, @now, @createdBy)
            """, new { projectId, Kind = kind.ToCode(), on, summary, now, createdBy });

    public static Task<(IReadOnlyList<ActivityDto> Items, long Total)> ActivitiesAsync(DbSession session, long projectId, long? activityId, int skip, int take)
    {
        var filter = new SqlFilter().When<long?>(projectId, "a.project_id = @ProjectId", "ProjectId").When(activityId, "a.id = @ActivityId", "ActivityId");
        return session.PageAsync<ActivityDto>(
            "a.id, a.project_id, a.kind, a.on_date AS \"On\", a.summary, a.created_at, a.created_by",
            "project_activities a", filter, "a.on_date DESC, a.id DESC", skip, take);
    }

    /// <summary>
    /// Moves the project to <paramref name="change"/>'s stage if it is still at the version the change was judged on; false
    /// when it changed meanwhile. The first date a project reaches signed, land supply, groundbreaking or production is
    /// kept, never moved. Only <see cref="ProjectMoves"/> calls this, so that a move and its history never part.
    /// </summary>
    internal static async Task<bool> MoveAsync(DbSession session, StageChange change, DateTime now) =>
        await session.ExecuteAsync(MoveSql, change.Stored(now)) == 1;

    private const string MoveSql = """
        UPDATE projects SET
            stage = @To, stage_entered_on = @On, dropped_from = @DroppedFrom,
            pre_review_on = COALESCE(pre_review_on, @PreReviewOn),
            signed_on = COALESCE(signed_on, @SignedOn),
            contract_amount = COALESCE(@ContractAmount, contract_amount),
            signed_amount = COALESCE(signed_amount, @SignedAmount),
            contract_area_mu = CASE WHEN @To = 'signed' THEN COALESCE(contract_area_mu, @ContractAreaMu, land_area_mu) ELSE contract_area_mu END,
            planned_groundbreaking_on = COALESCE(@PlannedGroundbreakingOn, planned_groundbreaking_on),
            planned_production_on = COALESCE(@PlannedProductionOn, planned_production_on),
            land_supplied_on = COALESCE(land_supplied_on, @LandSuppliedOn),
            land_supplied_mu = COALESCE(@LandSuppliedMu, land_supplied_mu),
            parcel_id = COALESCE(@ParcelId, parcel_id),
            groundbreaking_on = COALESCE(groundbreaking_on, @GroundbreakingOn),
            production_on = COALESCE(production_on, @ProductionOn),
            version = version + 1, updated_at = @Now
        WHERE id = @ProjectId AND version = @ExpectedVersion
        """;
}

