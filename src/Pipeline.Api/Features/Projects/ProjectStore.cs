using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Pipeline.Api.Data;
using Pipeline.Api.Hosting;
using Pipeline.Domain;
using Pipeline.Domain.Projects;

namespace Pipeline.Api.Features.Projects;

public static class ProjectStore
{
    /// <summary>The names a project row shows: its investor, unit, responsible person and leader.</summary>
    public const string Joins = """
        LEFT JOIN companies c ON c.id = p.company_id
        LEFT JOIN units u ON u.id = p.responsible_unit_id
        LEFT JOIN users rp ON rp.id = p.responsible_person_id
        LEFT JOIN users ld ON ld.id = p.leader_id
        """;

    private const string SummaryColumns = """
        p.id, p.name, c.name AS CompanyName, p.industry_code, p.total_investment,
        p.land_mode, p.stage, p.stage_entered_on,
        p.responsible_unit_id, u.name AS ResponsibleUnitName,
        p.responsible_person_id, rp.display_name AS ResponsiblePersonName,
        p.leader_id, ld.display_name AS LeaderName, p.signed_on, p.is_key, p.version
        """;

    private const string DetailColumns = SummaryColumns + """
        ,
        p.company_id, p.fixed_asset_investment, p.land_area_mu,
        p.origin_region, p.source_lead_id, p.dropped_from, p.talks_started_on,
        p.contract_amount, p.planned_groundbreaking_on,
        p.planned_production_on, p.land_supplied_on, p.land_supplied_mu,
        p.parcel_id, p.pre_review_on,
        p.groundbreaking_on, p.production_on, p.created_at, p.updated_at
        """;

    /// <summary>The project if the caller may read it, with whether they may change it and its team, in one query.</summary>
    public static Task<ProjectRow?> FindAsync(DbSession session, long id, Caller caller)
    {
        var args = new DynamicParameters(new { id });
        var read = ProjectScope.Read(caller, args);
        var write = ProjectScope.Write(caller, args);
        return session.QuerySingleOrDefaultAsync<ProjectRow>(d => $"""
            SELECT {DetailColumns}, CASE WHEN {write} THEN 1 ELSE 0 END AS CanWrite,
                   COALESCE((SELECT {d.StringAgg("pt.user_id")} FROM project_team pt WHERE pt.project_id = p.id), '') AS TeamIds
            FROM projects p {Joins}
            WHERE p.id = @id{(read is null ? "" : " AND " + read)}
            """, args);
    }

    /// <summary>The project if the caller may change it; otherwise the 404 (cannot see it) or 403 (may only read it) to answer.</summary>
    public static async Task<(ProjectRow? Project, ProblemHttpResult? Problem)> FindForChangeAsync(DbSession session, long id, Caller caller)
    {
        var project = await FindAsync(session, id, caller);
        return project switch
        {
            null => (null, ProjectEndpoints.NotFound(id)),
            { CanWrite: false } => (null, ProjectEndpoints.CannotChange()),
            _ => (project, null),
        };
    }

    /// <summary>The API shape of a row read by <see cref="FindAsync"/>.</summary>
    public static ProjectDto ToDto(ProjectRow row) => row.ToDto(
        row.TeamIds is { Length: > 0 } ids
            ? ids.Split(',').Select(id => long.Parse(id, System.Globalization.CultureInfo.InvariantCulture)).Order().ToList()
            : []);

    public static async Task<(IReadOnlyList<ProjectSummary> Items, long Total)> ListAsync(
        DbSession session, ProjectQuery query, Stage? stage, Caller caller, int skip, int take)
    {
        var filter = Filter(query, stage, caller);
        var (rows, total) = await session.PageAsync<ProjectRow>(
            SummaryColumns, $"projects p {Joins}", filter, "p.id DESC", skip, take, countFrom: "projects p", key: "p.id",
            total: TalliedTotal(query, stage, caller, filter.Args));
        return (rows.Select(r => r.ToSummary()).ToList(), total);
    }

    /// <summary>
    /// The list's total from the per-unit, per-stage tallies that triggers keep (<c>project_counts</c>) when the list is
    /// filtered by nothing but stage, unit and the caller's scope — the usual case, which would otherwise count every
    /// matching project on every page. Null when another filter is given.
    /// </summary>
    private static string? TalliedTotal(ProjectQuery query, Stage? stage, Caller caller, DynamicParameters args)
    {
        if (query.LeaderId is not null || !string.IsNullOrWhiteSpace(query.IndustryCode) || Like.Contains(query.Q) is not null
            || query.SignedFrom is not null || query.SignedTo is not null)
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

    /// <summary>Every project of the list's filter as ledger rows, read one at a time.</summary>
    public static IEnumerable<Imports.LedgerRow> Ledger(DbSession session, ProjectQuery query, Stage? stage, Caller caller)
    {
        var filter = Filter(query, stage, caller);
        return session.Stream<Imports.LedgerRecord>(_ => $"SELECT {Imports.LedgerRecord.Columns} FROM projects p {Joins} {filter.Where} ORDER BY p.id DESC", filter.Args)
            .Select(r => r.ToRow());
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
            .When(query.SignedTo, "p.signed_on <= @SignedTo", "SignedTo");
        if (ProjectScope.Read(caller, filter.Args) is { } scope)
        {
            filter.Add(scope);
        }

        return filter;
    }

    public static async Task<long> InsertAsync(DbSession session, CreateProject project, DateOnly talksStartedOn, long createdBy, DateTime now)
    {
        var id = await session.InsertAsync("""
            INSERT INTO projects (name, company_id, industry_code, total_investment, fixed_asset_investment, land_mode, land_area_mu,
                origin_region, source_lead_id, responsible_unit_id, responsible_person_id, leader_id, is_key, stage, stage_entered_on,
                talks_started_on, version, created_at, updated_at, created_by)
            VALUES (@Name, @CompanyId, @IndustryCode, @TotalInvestment, @FixedAssetInvestment, @LandMode, @LandAreaMu,
                @OriginRegion, @SourceLeadId, @ResponsibleUnitId, @ResponsiblePersonId, @LeaderId, @IsKey, 'talks', @talksStartedOn,
                @talksStartedOn, 1, @now, @now, @createdBy)
            """,
            new
            {
                Name = project.Name!.Trim(),
                project.CompanyId,
                project.IndustryCode,
                TotalInvestment = Quantities.ToStored(project.TotalInvestment!.Value),
                FixedAssetInvestment = Stored(project.FixedAssetInvestment),
                LandMode = project.LandMode!.Value.Code(),
                LandAreaMu = Stored(project.LandAreaMu),
                project.OriginRegion,
                project.SourceLeadId,
                project.ResponsibleUnitId,
                project.ResponsiblePersonId,
                project.LeaderId,
                IsKey = project.IsKey ?? false,
                talksStartedOn,
                createdBy,
                now,
            });
        await ReplaceTeamAsync(session, id, project.TeamMemberIds ?? []);
        await AddHistoryAsync(session, new HistoryRecord(id, null, Stage.Talks, talksStartedOn, createdBy, "Project registered (在谈)"), now);
        return id;
    }

    public static async Task ReplaceTeamAsync(DbSession session, long projectId, IEnumerable<long> userIds)
    {
        await session.ExecuteAsync("DELETE FROM project_team WHERE project_id = @projectId", new { projectId });
        await session.ExecuteAsync("INSERT INTO project_team (project_id, user_id) VALUES (@projectId, @userId)",
            userIds.Distinct().Select(userId => new { projectId, userId }));
    }

    public static Task AddHistoryAsync(DbSession session, HistoryRecord entry, DateTime now) => session.ExecuteAsync("""
        INSERT INTO project_stage_history (project_id, from_stage, to_stage, on_date, recorded_at, by_user_id, note, amount, area_mu, land_contract_no, reason_code, parcel_id)
        VALUES (@ProjectId, @From, @To, @On, @now, @ByUserId, @Note, @Amount, @AreaMu, @LandContractNo, @ReasonCode, @ParcelId)
        """,
        new
        {
            entry.ProjectId,
            From = entry.From?.Code(),
            To = entry.To.Code(),
            entry.On,
            now,
            entry.ByUserId,
            entry.Note,
            Amount = Stored(entry.Amount),
            AreaMu = Stored(entry.AreaMu),
            entry.LandContractNo,
            entry.ReasonCode,
            entry.ParcelId,
        });

    public static async Task<IReadOnlyList<HistoryEntry>> HistoryAsync(DbSession session, long projectId) =>
        (await session.QueryAsync<HistoryRow>("""
            SELECT id, from_stage AS "From", to_stage AS "To", on_date AS "On", recorded_at, by_user_id,
                   note, amount, area_mu, land_contract_no, reason_code, parcel_id
            FROM project_stage_history WHERE project_id = @projectId ORDER BY id
            """, new { projectId })).Select(r => r.ToEntry()).ToList();

    /// <summary>
    /// Moves the project to <paramref name="move"/>'s stage if it is still at <paramref name="expectedVersion"/>.
    /// The first date a project reaches signed, land supply, groundbreaking or production is kept, never moved.
    /// </summary>
    public static Task<int> MoveAsync(DbSession session, long id, int expectedVersion, StageMove move, DateTime now) => session.ExecuteAsync("""
        UPDATE projects SET
            stage = @To, stage_entered_on = @On, dropped_from = @DroppedFrom,
            pre_review_on = COALESCE(pre_review_on, @PreReviewOn),
            signed_on = COALESCE(signed_on, @SignedOn),
            contract_amount = COALESCE(@ContractAmount, contract_amount),
            planned_groundbreaking_on = COALESCE(@PlannedGroundbreakingOn, planned_groundbreaking_on),
            planned_production_on = COALESCE(@PlannedProductionOn, planned_production_on),
            land_supplied_on = COALESCE(land_supplied_on, @LandSuppliedOn),
            land_supplied_mu = COALESCE(@LandSuppliedMu, land_supplied_mu),
            parcel_id = COALESCE(@ParcelId, parcel_id),
            groundbreaking_on = COALESCE(groundbreaking_on, @GroundbreakingOn),
            production_on = COALESCE(production_on, @ProductionOn),
            version = version + 1, updated_at = @now
        WHERE id = @id AND version = @expectedVersion
        """,
        new
        {
            id,
            expectedVersion,
            now,
            To = move.To.Code(),
            move.On,
            DroppedFrom = move.DroppedFrom?.Code(),
            PreReviewOn = move.To == Stage.PreReview ? move.On : (DateOnly?)null,
            SignedOn = move.To == Stage.Signed ? move.On : (DateOnly?)null,
            move.ParcelId,
            ContractAmount = Stored(move.ContractAmount),
            move.PlannedGroundbreakingOn,
            move.PlannedProductionOn,
            LandSuppliedOn = move.To == Stage.LandSupply ? move.On : (DateOnly?)null,
            LandSuppliedMu = Stored(move.AreaMu),
            GroundbreakingOn = move.To == Stage.Groundbreaking ? move.On : (DateOnly?)null,
            ProductionOn = move.To == Stage.Production ? move.On : (DateOnly?)null,
        });

    public static long? Stored(decimal? value) => value is { } v ? Quantities.ToStored(v) : null;
}

public sealed record HistoryRecord(
    long ProjectId, Stage? From, Stage To, DateOnly On, long? ByUserId, string? Note,
    decimal? Amount = null, decimal? AreaMu = null, string? LandContractNo = null, string? ReasonCode = null, long? ParcelId = null);

/// <summary>A checked move and the stage data that comes with it.</summary>
public sealed record StageMove(
    Stage To, DateOnly On, Stage? DroppedFrom, decimal? ContractAmount, DateOnly? PlannedGroundbreakingOn,
    DateOnly? PlannedProductionOn, decimal? AreaMu, long? ParcelId = null);
