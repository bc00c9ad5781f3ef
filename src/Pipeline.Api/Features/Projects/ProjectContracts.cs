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
    DateOnly? TalksStartedOn) : ICheckedRequest
{
    public void Check(Checks checks, DateOnly today) => CheckFields(checks).NotFuture("talksStartedOn", TalksStartedOn, today);

    /// <summary>The fields every project must have right, however it was registered or changed.</summary>
    public Checks CheckFields(Checks checks) => checks
        .Text("name", Name, 200, required: true)
        .Required("industryCode", IndustryCode)
        .Quantity("totalInvestment", TotalInvestment, required: true)
        .Quantity("fixedAssetInvestment", FixedAssetInvestment, allowZero: true)
        .When(FixedAssetInvestment > TotalInvestment, "fixedAssetInvestment", Words.Format(Messages.NotExceed, "totalInvestment"))
        .Required("landMode", LandMode)
        .Quantity("landAreaMu", LandAreaMu)
        .Text("originRegion", OriginRegion, 100)
        .Required("responsibleUnitId", ResponsibleUnitId);
}

/// <summary>
/// The days a project reached its stages on, with what it signed and the land it was supplied: as stored (<c>long</c>
/// ten-thousandths) or as shown (<c>decimal</c>).
/// </summary>
public abstract record ProjectMilestones<TQuantity>
    where TQuantity : struct
{
    /// <summary>The first time the project went to pre-review.</summary>
    public DateOnly? PreReviewOn { get; init; }

    /// <summary>The first time its pre-review passed (过会): the committee's decision, or a migrated ledger's 过会日期.</summary>
    public DateOnly? ReviewPassedOn { get; init; }

    public DateOnly? SignedOn { get; init; }

    /// <summary>The contract amount now: at signing, changed only by approved contract changes.</summary>
    public TQuantity? ContractAmount { get; init; }

    public DateOnly? PlannedGroundbreakingOn { get; init; }

    public DateOnly? PlannedProductionOn { get; init; }

    public DateOnly? LandSuppliedOn { get; init; }

    public TQuantity? LandSuppliedMu { get; init; }

    public DateOnly? GroundbreakingOn { get; init; }

    public DateOnly? ProductionOn { get; init; }
}

/// <summary>
/// A project's fields, the same stored and shown but for the unit of its amounts and areas: <c>long</c> ten-thousandths as
/// stored (see <see cref="Quantities"/>), <c>decimal</c> 万元 and 亩 as the API shows them.
/// </summary>
public abstract record ProjectFields<TQuantity> : ProjectMilestones<TQuantity>
    where TQuantity : struct
{
    public long Id { get; init; }

    public string Name { get; init; } = "";

    public long? CompanyId { get; init; }

    public string? CompanyName { get; init; }

    public string IndustryCode { get; init; } = "";

    public TQuantity TotalInvestment { get; init; }

    public TQuantity? FixedAssetInvestment { get; init; }

    public LandMode LandMode { get; init; }

    public TQuantity? LandAreaMu { get; init; }

    public string? OriginRegion { get; init; }

    public long? SourceLeadId { get; init; }

    public long ResponsibleUnitId { get; init; }

    public string? ResponsibleUnitName { get; init; }

    public long? ResponsiblePersonId { get; init; }

    public string? ResponsiblePersonName { get; init; }

    public long? LeaderId { get; init; }

    public string? LeaderName { get; init; }

    public bool IsKey { get; init; }

    public Stage Stage { get; init; }

    public DateOnly StageEnteredOn { get; init; }

    public Stage? DroppedFrom { get; init; }

    public DateOnly TalksStartedOn { get; init; }

    /// <summary>The amount at the first signing: what 签约额 in reports counts (with capital increases).</summary>
    public TQuantity? SignedAmount { get; init; }

    public TQuantity? ContractAreaMu { get; init; }

    public long? ParcelId { get; init; }

    public ProjectOrigin Origin { get; init; }

    public int Version { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; init; }
}

/// <summary>A project as the API shows it. Amounts in 万元 and areas in 亩, exact to four decimals.</summary>
public sealed record ProjectDto : ProjectFields<decimal>, Hosting.IVersioned
{
    public IReadOnlyList<long> TeamMemberIds { get; init; } = [];

    /// <summary>The stage in Chinese (洽谈, 预审, 签约 …), for people reading the data.</summary>
    public string StageName => Stage.Chinese();

    /// <summary>The stages the project may move to next (a dropped one is reopened instead), so clients offer only those.</summary>
    public IReadOnlyList<Stage> NextStages => Lifecycle.NextStages(Stage, LandMode);
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
    string? Format,
    string? Origin = null);

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
    string? ReasonCode,
    decimal? ContractAreaMu = null) : ICheckedRequest
{
    /// <summary>Each target takes its own stage data, and only that, so a misplaced field is pointed out rather than dropped.</summary>
    public void Check(Checks checks, DateOnly today)
    {
        var (signed, landSupply, dropped) = (OnlyWhenMovingTo(Stage.Signed), OnlyWhenMovingTo(Stage.LandSupply), OnlyWhenMovingTo(Stage.Dropped));
        checks.Required("to", To).Text("note", Note, 2000)
            .When(To != TransitionTarget.Signed && ContractAmount is not null, "contractAmount", signed)
            .When(To != TransitionTarget.Signed && PlannedGroundbreakingOn is not null, "plannedGroundbreakingOn", signed)
            .When(To != TransitionTarget.Signed && PlannedProductionOn is not null, "plannedProductionOn", signed)
            .When(To != TransitionTarget.Signed && ContractAreaMu is not null, "contractAreaMu", signed)
            .When(To != TransitionTarget.LandSupply && AreaMu is not null, "areaMu", landSupply)
            .When(To != TransitionTarget.LandSupply && LandContractNo is not null, "landContractNo", landSupply)
            .When(To != TransitionTarget.LandSupply && ParcelId is not null, "parcelId", landSupply)
            .When(To != TransitionTarget.Dropped && ReasonCode is not null, "reasonCode", dropped);
        switch (To)
        {
            case TransitionTarget.Signed:
                checks.Quantity("contractAmount", ContractAmount, required: true).Quantity("contractAreaMu", ContractAreaMu)
                    .When(PlannedGroundbreakingOn < On, "plannedGroundbreakingOn", Messages.NotBeforeSigning)
                    .When(PlannedProductionOn < (PlannedGroundbreakingOn ?? On), "plannedProductionOn", Messages.NotBeforeGroundbreakingOrSigning);
                break;
            case TransitionTarget.LandSupply:
                checks.Quantity("areaMu", AreaMu, required: true).Text("landContractNo", LandContractNo, 100);
                break;
            case TransitionTarget.Dropped:
                checks.Required("reasonCode", ReasonCode).Required("note", Note)
                    .When(ReasonCode is { } code && !DropReasons.IsKnown(code), "reasonCode", Words.Format(Messages.UseOneOf, Words.List(DropReasons.All.Keys)));
                break;
        }
    }

    private static string OnlyWhenMovingTo(Stage stage) => Words.Format(Messages.OnlyWhenMovingTo, stage.Name());
}

/// <summary>A stage change in a project's history, with amounts and areas as stored (<c>long</c>) or as shown (<c>decimal</c>).</summary>
public abstract record HistoryFields<TQuantity>
    where TQuantity : struct
{
    public long Id { get; init; }

    public Stage? From { get; init; }

    public Stage To { get; init; }

    public DateOnly On { get; init; }

    public DateTime RecordedAt { get; init; }

    public long? ByUserId { get; init; }

    public string? Note { get; init; }

    public TQuantity? Amount { get; init; }

    public TQuantity? AreaMu { get; init; }

    public string? LandContractNo { get; init; }

    public string? ReasonCode { get; init; }

    public long? ParcelId { get; init; }
}

public sealed record HistoryEntry : HistoryFields<decimal>;

/// <summary>意向协议 / 框架协议 / 正式合同 / 增资协议 (a capital increase adds only the increase to signed amounts).</summary>
public enum AgreementType
{
    Intention,
    Framework,
    Formal,
    CapitalIncrease,
}

public sealed record CreateAgreement(AgreementType? Type, DateOnly? SignedOn, decimal? Amount, string? Note) : ICheckedRequest
{
    public void Check(Checks checks, DateOnly today) => checks.Required("type", Type).Required("signedOn", SignedOn)
        .NotFuture("signedOn", SignedOn, today).Quantity("amount", Amount).Text("note", Note, 2000)
        .When(Type == AgreementType.CapitalIncrease && Amount is null, "amount", Messages.CapitalIncreaseAmount);
}

/// <summary>An agreement signed for a project, with its amount as stored (<c>long</c>) or as shown (<c>decimal</c>).</summary>
public abstract record AgreementFields<TQuantity>
    where TQuantity : struct
{
    public long Id { get; init; }

    public long ProjectId { get; init; }

    public AgreementType Type { get; init; }

    public DateOnly SignedOn { get; init; }

    public TQuantity? Amount { get; init; }

    public string? Note { get; init; }

    public DateTime CreatedAt { get; init; }

    public long? CreatedBy { get; init; }
}

public sealed record AgreementDto : AgreementFields<decimal>;

/// <summary>走访 / 电话 / 会谈 / 调度 / 其他.</summary>
public enum ActivityKind
{
    Visit,
    Call,
    Meeting,
    Dispatch,
    Other,
}

public sealed record CreateActivity(ActivityKind? Kind, DateOnly? On, string? Summary) : ICheckedRequest
{
    public void Check(Checks checks, DateOnly today) =>
        checks.Required("kind", Kind).NotFuture("on", On, today).Text("summary", Summary, 4000, required: true);
}

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
