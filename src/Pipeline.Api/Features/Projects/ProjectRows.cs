using Pipeline.Domain.Projects;
using Riok.Mapperly.Abstractions;

namespace Pipeline.Api.Features.Projects;

/// <summary>A project as stored: amounts and areas in ten-thousandths (see <see cref="Quantities"/>).</summary>
public sealed class ProjectRow
{
    public long Id { get; init; }

    public string Name { get; init; } = "";

    public long? CompanyId { get; init; }

    public string? CompanyName { get; init; }

    public string IndustryCode { get; init; } = "";

    public long TotalInvestment { get; init; }

    public long? FixedAssetInvestment { get; init; }

    public LandMode LandMode { get; init; }

    public long? LandAreaMu { get; init; }

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

    public DateOnly? SignedOn { get; init; }

    public long? ContractAmount { get; init; }

    public long? SignedAmount { get; init; }

    public long? ContractAreaMu { get; init; }

    public ProjectOrigin Origin { get; init; }

    public DateOnly? PlannedGroundbreakingOn { get; init; }

    public DateOnly? PlannedProductionOn { get; init; }

    public DateOnly? LandSuppliedOn { get; init; }

    public long? LandSuppliedMu { get; init; }

    public long? ParcelId { get; init; }

    public DateOnly? PreReviewOn { get; init; }

    public DateOnly? ReviewPassedOn { get; init; }

    public DateOnly? GroundbreakingOn { get; init; }

    public DateOnly? ProductionOn { get; init; }

    public int Version { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; init; }

    /// <summary>Whether the caller may change this project: computed in the same query, from the caller's scope.</summary>
    public bool CanWrite { get; init; }

    /// <summary>The project team's user ids, comma-separated, read with the project in the same query.</summary>
    public string? TeamIds { get; init; }
}

public sealed class HistoryRow
{
    public long Id { get; init; }

    public Stage? From { get; init; }

    public Stage To { get; init; }

    public DateOnly On { get; init; }

    public DateTime RecordedAt { get; init; }

    public long? ByUserId { get; init; }

    public string? Note { get; init; }

    public long? Amount { get; init; }

    public long? AreaMu { get; init; }

    public string? LandContractNo { get; init; }

    public string? ReasonCode { get; init; }

    public long? ParcelId { get; init; }
}

public sealed class AgreementRow
{
    public long Id { get; init; }

    public long ProjectId { get; init; }

    public AgreementType Type { get; init; }

    public DateOnly SignedOn { get; init; }

    public long? Amount { get; init; }

    public string? Note { get; init; }

    public DateTime CreatedAt { get; init; }

    public long? CreatedBy { get; init; }
}

/// <summary>
/// Stored rows to API shapes; every long-to-decimal is a stored quantity and goes through <see cref="Quantities"/>.
/// Every API field must be mapped; row fields the API does not show (such as <c>CanWrite</c>) may stay unmapped.
/// </summary>
[Mapper(RequiredMappingStrategy = RequiredMappingStrategy.Target)]
public static partial class ProjectMapper
{
    public static partial ProjectDto ToDto(this ProjectRow row, IReadOnlyList<long> teamMemberIds);

    /// <summary>A list reads only the summary columns into a <see cref="ProjectRow"/>; the rest stay at their defaults.</summary>
    public static partial ProjectSummary ToSummary(this ProjectRow row);

    public static partial HistoryEntry ToEntry(this HistoryRow row);

    public static partial AgreementDto ToDto(this AgreementRow row);

    private static decimal FromStored(long stored) => Quantities.FromStored(stored);
}
