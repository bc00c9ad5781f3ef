namespace Pipeline.Api.Features.Projects;

public sealed record ProposeContractChange(
    decimal? ContractAmount, DateOnly? PlannedGroundbreakingOn, DateOnly? PlannedProductionOn, decimal? ContractAreaMu, string? Reason, string? DocumentRef)
    : Hosting.ICheckedRequest
{
    public void Check(Hosting.Checks checks, DateOnly today) => checks
        .Text("reason", Reason, 2000, required: true).Text("documentRef", DocumentRef, 200)
        .Quantity("contractAmount", ContractAmount).Quantity("contractAreaMu", ContractAreaMu)
        .When(ContractAmount is null && PlannedGroundbreakingOn is null && PlannedProductionOn is null && ContractAreaMu is null, "contractAmount",
            Messages.ContractChangeSayWhat);
}

public sealed record ContractChangeDecision(string? Comment) : Hosting.ICheckedRequest
{
    public void Check(Hosting.Checks checks, DateOnly today) => checks.Text("comment", Comment, 1000);
}

/// <summary>A change to a signed contract (合同变更 / 补充协议): what it asks for, what it replaces, and who decided.</summary>
public sealed record ContractChangeDto(
    long Id, long ProjectId, string Status, decimal? ContractAmount, DateOnly? PlannedGroundbreakingOn, DateOnly? PlannedProductionOn, decimal? ContractAreaMu,
    decimal? BeforeContractAmount, DateOnly? BeforePlannedGroundbreakingOn, DateOnly? BeforePlannedProductionOn, decimal? BeforeContractAreaMu,
    string Reason, string? DocumentRef, long ProposedBy, DateTime ProposedAt, long? DecidedBy, DateTime? DecidedAt, string? DecisionComment, int Version)
    : Hosting.IVersioned;

/// <summary>Contract change requests: proposed by the project's staff, approved or refused by its leader or an admin.</summary>
public static class ContractChangeStore
{
    public const string Pending = "pending";
    public const string Approved = "approved";

    public static async Task<IReadOnlyList<ContractChangeDto>> ListAsync(DbSession session, long projectId, long? changeId = null) =>
        (await session.QueryAsync<ChangeRow>("""
            SELECT id, project_id, status, contract_amount, planned_groundbreaking_on, planned_production_on, contract_area_mu,
                   before_contract_amount, before_planned_groundbreaking_on, before_planned_production_on, before_contract_area_mu,
                   reason, document_ref, proposed_by, proposed_at, decided_by, decided_at, decision_comment, version
            FROM project_contract_changes WHERE project_id = @projectId AND (@changeId IS NULL OR id = @changeId) ORDER BY id
            """, new { projectId, changeId })).Select(r => r.ToDto()).ToList();

    /// <summary>Records the request with the terms it would replace; a second pending request for the project is a unique violation.</summary>
    public static Task<long> ProposeAsync(DbSession session, ProjectRow project, ProposeContractChange change, long by, DateTime now) => session.InsertAsync("""
        INSERT INTO project_contract_changes (project_id, status, contract_amount, planned_groundbreaking_on, planned_production_on, contract_area_mu,
            before_contract_amount, before_planned_groundbreaking_on, before_planned_production_on, before_contract_area_mu,
            reason, document_ref, proposed_by, proposed_at, version)
        VALUES (@ProjectId, 'pending', @Amount, @Groundbreaking, @Production, @Area,
            @BeforeAmount, @BeforeGroundbreaking, @BeforeProduction, @BeforeArea, @Reason, @DocumentRef, @by, @now, 1)
        """, new
    {
        ProjectId = project.Id, Amount = Quantities.ToStored(change.ContractAmount), Groundbreaking = change.PlannedGroundbreakingOn,
        Production = change.PlannedProductionOn, Area = Quantities.ToStored(change.ContractAreaMu),
        BeforeAmount = project.ContractAmount, BeforeGroundbreaking = project.PlannedGroundbreakingOn, BeforeProduction = project.PlannedProductionOn,
        BeforeArea = project.ContractAreaMu, Reason = change.Reason!.Trim(), DocumentRef = change.DocumentRef?.Trim(), by, now,
    });

    /// <summary>Decides a pending request; false when another decision came first.</summary>
    public static async Task<bool> DecideAsync(DbSession session, long changeId, bool approve, long by, string? comment, DateTime now) =>
        await session.ExecuteAsync("""
            UPDATE project_contract_changes SET status = @Status, decided_by = @by, decided_at = @now, decision_comment = @comment, version = version + 1
            WHERE id = @changeId AND status = 'pending'
            """, new { changeId, Status = approve ? Approved : "refused", by, comment, now }) == 1;

    /// <summary>Applies an approved change to the project if it is still at <paramref name="expectedVersion"/>: the terms it names move, the rest stay.</summary>
    public static async Task<bool> ApplyAsync(DbSession session, ContractChangeDto change, int expectedVersion, DateTime now) =>
        await session.ExecuteAsync("""
            UPDATE projects SET contract_amount = COALESCE(@Amount, contract_amount),
                planned_groundbreaking_on = COALESCE(@Groundbreaking, planned_groundbreaking_on),
                planned_production_on = COALESCE(@Production, planned_production_on),
                contract_area_mu = COALESCE(@Area, contract_area_mu),
                version = version + 1, updated_at = @now
            WHERE id = @ProjectId AND version = @expectedVersion
            """, new
        {
            change.ProjectId, expectedVersion, now, Amount = Quantities.ToStored(change.ContractAmount), Groundbreaking = change.PlannedGroundbreakingOn,
            Production = change.PlannedProductionOn, Area = Quantities.ToStored(change.ContractAreaMu),
        }) == 1;

    private sealed class ChangeRow
    {
        public long Id { get; init; }

        public long ProjectId { get; init; }

        public string Status { get; init; } = "";

        public long? ContractAmount { get; init; }

        public DateOnly? PlannedGroundbreakingOn { get; init; }

        public DateOnly? PlannedProductionOn { get; init; }

        public long? ContractAreaMu { get; init; }

        public long? BeforeContractAmount { get; init; }

        public DateOnly? BeforePlannedGroundbreakingOn { get; init; }

        public DateOnly? BeforePlannedProductionOn { get; init; }

        public long? BeforeContractAreaMu { get; init; }

        public string Reason { get; init; } = "";

        public string? DocumentRef { get; init; }

        public long ProposedBy { get; init; }

        public DateTime ProposedAt { get; init; }

        public long? DecidedBy { get; init; }

        public DateTime? DecidedAt { get; init; }

        public string? DecisionComment { get; init; }

        public int Version { get; init; }

        public ContractChangeDto ToDto() => new(
            Id, ProjectId, Status, Quantities.FromStored(ContractAmount), PlannedGroundbreakingOn, PlannedProductionOn, Quantities.FromStored(ContractAreaMu),
            Quantities.FromStored(BeforeContractAmount), BeforePlannedGroundbreakingOn, BeforePlannedProductionOn, Quantities.FromStored(BeforeContractAreaMu),
            Reason, DocumentRef, ProposedBy, ProposedAt, DecidedBy, DecidedAt, DecisionComment, Version);
    }
}
