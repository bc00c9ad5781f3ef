namespace Pipeline.Domain.Reviews;

/// <summary>An entry standard (准入标准): thresholds for an industry (null: every industry) and optionally one park.</summary>
public sealed record EntryStandard(long Id, string? IndustryCode, long? ParkUnitId, IReadOnlyDictionary<Indicator, Threshold> Thresholds);

public static class EntryStandards
{
    /// <summary>
    /// The standard that applies to a project: the one for the most specific industry code that is a prefix of the
    /// project's (C3911 → C39 → C → the default row), a park's own before the general one.
    /// </summary>
    public static EntryStandard? Pick(IEnumerable<EntryStandard> standards, string industryCode, IReadOnlyCollection<long> parkUnitIds) =>
        standards
            .Where(s => s.IndustryCode is null || industryCode.StartsWith(s.IndustryCode, StringComparison.OrdinalIgnoreCase))
            .Where(s => s.ParkUnitId is null || parkUnitIds.Contains(s.ParkUnitId.Value))
            .OrderByDescending(s => s.IndustryCode?.Length ?? -1)
            .ThenByDescending(s => s.ParkUnitId is not null)
            .FirstOrDefault();

    /// <summary>The key that makes a standard unique: one per industry (or "*") and park (or "*").</summary>
    public static string ScopeKey(string? industryCode, long? parkUnitId) =>
        $"{industryCode?.ToUpperInvariant() ?? "*"}|{(parkUnitId is { } park ? park.ToString(System.Globalization.CultureInfo.InvariantCulture) : "*")}";
}
