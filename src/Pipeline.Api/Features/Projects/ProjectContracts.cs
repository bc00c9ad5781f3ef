using Pipeline.Domain.Projects;

namespace Pipeline.Api.Features.Projects;

public sealed record CreateProject(
    string? Name,
    long? CompanyId,
    string? IndustryCode,
    decimal? TotalInvestment,
    decimal? FixedAssetInvestment,
    LandMode? LandMode,
    decimal? LandAreaMu,
    string? OriginRegion,
    long? SourceLeadId,
    long? ResponsibleUnitId,
    long? ResponsiblePersonId,
    long? LeaderId,
    IReadOnlyList<long>? TeamMemberIds,
    bool? IsKey,
    DateOnly? TalksStartedOn);

/// <summary>A project as the API shows it. Amounts in 万元 and areas in 亩, exact to four decimals.</summary>
public sealed record ProjectDto : Hosting.IVersioned
{
    public long Id { get; init; }

    public string Name { get; init; } = "";

    public long? CompanyId { get; init; }

    public string? CompanyName { get; init; }

    public string IndustryCode { get; init; } = "";

    public decimal TotalInvestment { get; init; }

    public decimal? FixedAssetInvestment { get; init; }

    public LandMode LandMode { get; init; }

    public decimal? LandAreaMu { get; init; }

    public string? OriginRegion { get; init; }

    public long? SourceLeadId { get; init; }

    public long ResponsibleUnitId { get; init; }

    public string? ResponsibleUnitName { get; init; }

    public long? ResponsiblePersonId { get; init; }

    public string? ResponsiblePersonName { get; init; }

    public long? LeaderId { get; init; }

    public string? LeaderName { get; init; }

    public IReadOnlyList<long> TeamMemberIds { get; init; } = [];

    public bool IsKey { get; init; }

    public Stage Stage { get; init; }

    /// <summary>The stage in Chinese (洽谈, 预审, 签约 …), for people reading the data.</summary>
    public string StageName => Stage.Chinese();

    /// <summary>The stages the project may move to next (a dropped one is reopened instead), so clients offer only those.</summary>
    public IReadOnlyList<Stage> NextStages => Lifecycle.NextStages(Stage, LandMode);

    public DateOnly StageEnteredOn { get; init; }

    public Stage? DroppedFrom { get; init; }

    public DateOnly TalksStartedOn { get; init; }

    public DateOnly? SignedOn { get; init; }

    public decimal? ContractAmount { get; init; }

    public DateOnly? PlannedGroundbreakingOn { get; init; }

    public DateOnly? PlannedProductionOn { get; init; }

    public DateOnly? LandSuppliedOn { get; init; }

    public decimal? LandSuppliedMu { get; init; }

    public long? ParcelId { get; init; }

    /// <summary>The first time the project went to pre-review.</summary>
    public DateOnly? PreReviewOn { get; init; }

    public DateOnly? GroundbreakingOn { get; init; }

    public DateOnly? ProductionOn { get; init; }

    public int Version { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; init; }
}

/// <summary>A project in a list: what a ledger row shows.</summary>
public sealed record ProjectSummary
{
    public long Id { get; init; }

    public string Name { get; init; } = "";

    public string? CompanyName { get; init; }

    public string IndustryCode { get; init; } = "";

    public decimal TotalInvestment { get; init; }

    public LandMode LandMode { get; init; }

    public Stage Stage { get; init; }

    public string StageName => Stage.Chinese();

    public DateOnly StageEnteredOn { get; init; }

    public long ResponsibleUnitId { get; init; }

    public string? ResponsibleUnitName { get; init; }

    public long? ResponsiblePersonId { get; init; }

    public string? ResponsiblePersonName { get; init; }

    public long? LeaderId { get; init; }

    public string? LeaderName { get; init; }

    public DateOnly? SignedOn { get; init; }

    public bool IsKey { get; init; }

    public int Version { get; init; }
}

public sealed record ProjectQuery(
    string? Stage,
    long? UnitId,
    long? LeaderId,
    string? IndustryCode,
    string? Q,
    DateOnly? SignedFrom,
    DateOnly? SignedTo,
    int? Page,
    int? PageSize,
    string? Format);

public sealed record TransitionRequest(
    TransitionTarget? To,
    DateOnly? On,
    string? Note,
    decimal? ContractAmount,
    DateOnly? PlannedGroundbreakingOn,
    DateOnly? PlannedProductionOn,
    decimal? AreaMu,
    long? ParcelId,
    string? LandContractNo,
    string? ReasonCode);

public sealed record HistoryEntry
{
    public long Id { get; init; }

    public Stage? From { get; init; }

    public Stage To { get; init; }

    public DateOnly On { get; init; }

    public DateTime RecordedAt { get; init; }

    public long? ByUserId { get; init; }

    public string? Note { get; init; }

    public decimal? Amount { get; init; }

    public decimal? AreaMu { get; init; }

    public string? LandContractNo { get; init; }

    public string? ReasonCode { get; init; }

    public long? ParcelId { get; init; }
}

/// <summary>意向协议 / 框架协议 / 正式合同 / 增资协议 (a capital increase adds only the increase to signed amounts).</summary>
public enum AgreementType
{
    Intention,
    Framework,
    Formal,
    CapitalIncrease,
}

public sealed record CreateAgreement(AgreementType? Type, DateOnly? SignedOn, decimal? Amount, string? Note);

public sealed record AgreementDto
{
    public long Id { get; init; }

    public long ProjectId { get; init; }

    public AgreementType Type { get; init; }

    public DateOnly SignedOn { get; init; }

    public decimal? Amount { get; init; }

    public string? Note { get; init; }

    public DateTime CreatedAt { get; init; }

    public long? CreatedBy { get; init; }
}

/// <summary>走访 / 电话 / 会谈 / 调度 / 其他.</summary>
public enum ActivityKind
{
    Visit,
    Call,
    Meeting,
    Dispatch,
    Other,
}

public sealed record CreateActivity(ActivityKind? Kind, DateOnly? On, string? Summary);

public sealed class ActivityDto
{
    public long Id { get; init; }

    public long ProjectId { get; init; }

    public ActivityKind Kind { get; init; }

    public DateOnly On { get; init; }

    public string Summary { get; init; } = "";

    public DateTime CreatedAt { get; init; }

    public long? CreatedBy { get; init; }
}

public sealed record ActivityQuery(int? Page, int? PageSize);
