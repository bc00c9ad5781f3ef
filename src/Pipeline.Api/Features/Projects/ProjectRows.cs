using Riok.Mapperly.Abstractions;

namespace Pipeline.Api.Features.Projects;

/// <summary>A project as stored: amounts and areas in ten-thousandths (see <see cref="Quantities"/>).</summary>
public sealed record ProjectRow : ProjectFields<long>
{
    /// <summary>Whether the caller may change this project: computed in the same query, from the caller's scope.</summary>
    public bool CanWrite { get; init; }

    /// <summary>The project team's user ids, comma-separated, read with the project in the same query.</summary>
    public string? TeamIds { get; init; }
}

public sealed record HistoryRow : HistoryFields<long>;

public sealed record AgreementRow : AgreementFields<long>;

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
