using Pipeline.Domain.Projects;

namespace Pipeline.Api.Features.Projects;

/// <summary>
/// A project row as inserted, every column given, amounts already in ten-thousandths. One INSERT serves a project
/// registered through the API and the bulk paths (ledger import, seed), which prepare it once and bind by position.
/// </summary>
public sealed record NewProjectRow(
    string Name, long? CompanyId, string IndustryCode, long TotalInvestment, long? FixedAssetInvestment, string LandMode, long? LandAreaMu,
    string? OriginRegion, long? SourceLeadId, long ResponsibleUnitId, long? ResponsiblePersonId, long? LeaderId, bool IsKey,
    string Stage, DateOnly StageEnteredOn, DateOnly TalksStartedOn, DateTime CreatedAt, long? CreatedBy) : ProjectMilestones<long>
{
    /// <summary>An explicit id, for the seed's deterministic data set; the database assigns one otherwise.</summary>
    public long? Id { get; init; }

    public string? DroppedFrom { get; init; }

    /// <summary>Where the project came from: the API, a lead, a ledger import, or an admin's migration of an existing ledger.</summary>
    public string Origin { get; init; } = ProjectOrigin.Api.ToCode();

    /// <summary>The amount at the first signing, which reports count; later approved changes do not move it.</summary>
    public long? SignedAmount { get; init; }

    public long? ContractAreaMu { get; init; }

    /// <summary>The parameters of <see cref="InsertSql"/>, in the order of <see cref="Values"/>.</summary>
    public static IReadOnlyList<string> Parameters(bool explicitId) => explicitId ? ["Id", .. Columns.Keys] : [.. Columns.Keys];

    public static string InsertSql(bool explicitId)
    {
        var names = Parameters(explicitId);
        return $"""
            INSERT INTO projects ({string.Join(", ", names.Select(ColumnOf))}, version, updated_at)
            VALUES ({string.Join(", ", names.Select(n => "@" + n))}, 1, @CreatedAt)
            """;
    }

    /// <summary>This row's values in the order of <see cref="Parameters"/>.</summary>
    public object?[] Values(bool explicitId) => explicitId ? [Id, .. Columns.Values.Select(read => read(this))] : [.. Columns.Values.Select(read => read(this))];

    private static string ColumnOf(string parameter) => string.Concat(parameter.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static readonly IReadOnlyDictionary<string, Func<NewProjectRow, object?>> Columns = new Dictionary<string, Func<NewProjectRow, object?>>
    {
        [nameof(Name)] = r => r.Name,
        [nameof(CompanyId)] = r => r.CompanyId,
        [nameof(IndustryCode)] = r => r.IndustryCode,
        [nameof(TotalInvestment)] = r => r.TotalInvestment,
        [nameof(FixedAssetInvestment)] = r => r.FixedAssetInvestment,
        [nameof(LandMode)] = r => r.LandMode,
        [nameof(LandAreaMu)] = r => r.LandAreaMu,
        [nameof(OriginRegion)] = r => r.OriginRegion,
        [nameof(SourceLeadId)] = r => r.SourceLeadId,
        [nameof(ResponsibleUnitId)] = r => r.ResponsibleUnitId,
        [nameof(ResponsiblePersonId)] = r => r.ResponsiblePersonId,
        [nameof(LeaderId)] = r => r.LeaderId,
        [nameof(IsKey)] = r => r.IsKey,
        [nameof(Stage)] = r => r.Stage,
        [nameof(StageEnteredOn)] = r => r.StageEnteredOn,
        [nameof(DroppedFrom)] = r => r.DroppedFrom,
        [nameof(TalksStartedOn)] = r => r.TalksStartedOn,
        [nameof(PreReviewOn)] = r => r.PreReviewOn,
        [nameof(ReviewPassedOn)] = r => r.ReviewPassedOn,
        [nameof(SignedOn)] = r => r.SignedOn,
        [nameof(ContractAmount)] = r => r.ContractAmount,
        [nameof(PlannedGroundbreakingOn)] = r => r.PlannedGroundbreakingOn,
        [nameof(PlannedProductionOn)] = r => r.PlannedProductionOn,
        [nameof(LandSuppliedOn)] = r => r.LandSuppliedOn,
        [nameof(LandSuppliedMu)] = r => r.LandSuppliedMu,
        [nameof(GroundbreakingOn)] = r => r.GroundbreakingOn,
        [nameof(ProductionOn)] = r => r.ProductionOn,
        [nameof(CreatedAt)] = r => r.CreatedAt,
        [nameof(CreatedBy)] = r => r.CreatedBy,
        [nameof(Origin)] = r => r.Origin,
        [nameof(SignedAmount)] = r => r.SignedAmount,
        [nameof(ContractAreaMu)] = r => r.ContractAreaMu,
    };
}

/// <summary>One row of a project's stage history.</summary>
public sealed record HistoryRecord(
    long ProjectId, Stage? From, Stage To, DateOnly On, long? ByUserId, string? Note,
    decimal? Amount = null, decimal? AreaMu = null, string? LandContractNo = null, string? ReasonCode = null, long? ParcelId = null)
{
    public static readonly IReadOnlyList<string> Parameters =
        ["ProjectId", "From", "To", "On", "RecordedAt", "ByUserId", "Note", "Amount", "AreaMu", "LandContractNo", "ReasonCode", "ParcelId"];

    public const string InsertSql = """
        INSERT INTO project_stage_history (project_id, from_stage, to_stage, on_date, recorded_at, by_user_id, note, amount, area_mu, land_contract_no, reason_code, parcel_id)
        VALUES (@ProjectId, @From, @To, @On, @RecordedAt, @ByUserId, @Note, @Amount, @AreaMu, @LandContractNo, @ReasonCode, @ParcelId)
        """;

    /// <summary>The values of <see cref="InsertSql"/> in the order of <see cref="Parameters"/>.</summary>
    public object?[] Values(DateTime recordedAt) =>
        [ProjectId, From?.Code(), To.Code(), On, recordedAt, ByUserId, Note, Quantities.ToStored(Amount), Quantities.ToStored(AreaMu), LandContractNo, ReasonCode, ParcelId];
}

/// <summary>An agreement (协议/合同) to record on a project.</summary>
public sealed record NewAgreement(long ProjectId, AgreementType Type, DateOnly SignedOn, decimal? Amount, string? Note, long? CreatedBy, DateTime CreatedAt)
{
    public static readonly IReadOnlyList<string> Parameters = ["ProjectId", "Type", "SignedOn", "Amount", "Note", "CreatedAt", "CreatedBy"];

    public const string InsertSql = """
        INSERT INTO project_agreements (project_id, type, signed_on, amount, note, created_at, created_by)
        VALUES (@ProjectId, @Type, @SignedOn, @Amount, @Note, @CreatedAt, @CreatedBy)
        """;

    public object?[] Values() => [ProjectId, Type.ToCode(), SignedOn, Quantities.ToStored(Amount), Note, CreatedAt, CreatedBy];
}

/// <summary>The contract's terms: the amount, the planned dates and the area; set before signing, changed after it only by an approved request.</summary>
public sealed record ContractTerms(decimal? Amount, DateOnly? PlannedGroundbreakingOn, DateOnly? PlannedProductionOn);

/// <summary>api / lead / ledgerImport / ledgerMigration (an admin moving an existing ledger in, with projects signed or started).</summary>
public enum ProjectOrigin
{
    Api,
    Lead,
    LedgerImport,
    LedgerMigration,
}

/// <summary>
/// A checked move of one project, with the stage data that comes with it and the version it was judged on:
/// <see cref="ProjectMoves"/> applies it only if the project is still at that version.
/// </summary>
public sealed record StageChange(long ProjectId, int ExpectedVersion, Stage From, Stage To, DateOnly On, long? ByUserId, string? Note)
{
    /// <summary>The project has never signed before: the first signing records the formal contract.</summary>
    public bool FirstSigning { get; init; }

    public decimal? ContractAmount { get; init; }

    public DateOnly? PlannedGroundbreakingOn { get; init; }

    public DateOnly? PlannedProductionOn { get; init; }

    public decimal? AreaMu { get; init; }

    /// <summary>The area the contract is signed for, at the first signing (the project's land area when not given).</summary>
    public decimal? ContractAreaMu { get; init; }

    public long? ParcelId { get; init; }

    public string? LandContractNo { get; init; }

    public string? ReasonCode { get; init; }

    /// <summary>The note on the formal contract a first signing records.</summary>
    public string AgreementNote { get; init; } = "正式合同 (signing)";

    /// <summary>A move of <paramref name="project"/> as it was read.</summary>
    public static StageChange Of(ProjectRow project, Stage to, DateOnly on, long? byUserId, string? note) =>
        new(project.Id, project.Version, project.Stage, to, on, byUserId, note) { FirstSigning = project.SignedOn is null };

    public HistoryRecord History => new(ProjectId, From, To, On, ByUserId, Note, ContractAmount, AreaMu, LandContractNo, ReasonCode, ParcelId);

    /// <summary>The values of the move's UPDATE, by name.</summary>
    internal object Stored(DateTime now) => new
    {
        ProjectId,
        ExpectedVersion,
        Now = now,
        To = To.Code(),
        On,
        DroppedFrom = To == Stage.Dropped ? From.Code() : null,
        PreReviewOn = To == Stage.PreReview ? On : (DateOnly?)null,
        SignedOn = To == Stage.Signed ? On : (DateOnly?)null,
        ParcelId,
        ContractAmount = Quantities.ToStored(ContractAmount),
        SignedAmount = To == Stage.Signed ? Quantities.ToStored(ContractAmount) : null,
        ContractAreaMu = To == Stage.Signed ? Quantities.ToStored(ContractAreaMu) : null,
        PlannedGroundbreakingOn,
        PlannedProductionOn,
        LandSuppliedOn = To == Stage.LandSupply ? On : (DateOnly?)null,
        LandSuppliedMu = Quantities.ToStored(AreaMu),
        GroundbreakingOn = To == Stage.Groundbreaking ? On : (DateOnly?)null,
        ProductionOn = To == Stage.Production ? On : (DateOnly?)null,
    };
}
