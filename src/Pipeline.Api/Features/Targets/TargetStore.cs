namespace Pipeline.Api.Features.Targets;

public sealed record TargetDto(long UnitId, string UnitName, int Year, int SignedCount, decimal SignedAmount, int StartedCount, int Version)
    : Hosting.IVersioned;

/// <summary>Each unit's yearly targets (目标任务): projects signed, amount signed, projects started.</summary>
public static class TargetStore
{
    public static async Task<IReadOnlyList<TargetDto>> ListAsync(DbSession session, int year, long? unitId) =>
        (await session.QueryAsync<TargetRow>("""
            SELECT t.unit_id, u.name AS UnitName, t.year, t.signed_count, t.signed_amount, t.started_count, t.version
            FROM unit_targets t JOIN units u ON u.id = t.unit_id
            WHERE t.year = @year AND (@unitId IS NULL OR t.unit_id = @unitId)
            ORDER BY t.unit_id
            """, new { year, unitId })).Select(t => new TargetDto(t.UnitId, t.UnitName, t.Year, t.SignedCount, Quantities.FromStored(t.SignedAmount), t.StartedCount, t.Version)).ToList();

    /// <summary>Whether any unit has targets for <paramref name="year"/>.</summary>
    public static Task<bool> AnyAsync(DbSession session, int year) =>
        session.ExecuteScalarAsync<bool>("SELECT CASE WHEN EXISTS (SELECT 1 FROM unit_targets WHERE year = @year) THEN 1 ELSE 0 END", new { year });

    /// <summary>Sets a year's targets that are not set yet; false when someone set them first.</summary>
    public static async Task<bool> InsertAsync(DbSession session, long unitId, int year, TargetInput targets, DateTime now) =>
        await session.ExecuteAsync(d => d.Upsert("unit_targets", ["unit_id", "year"], new Dictionary<string, string>
        {
            ["unit_id"] = "@unitId", ["year"] = "@year", ["signed_count"] = "@SignedCount", ["signed_amount"] = "@SignedAmount",
            ["started_count"] = "@StartedCount", ["version"] = "1", ["updated_at"] = "@now",
        }),
            new { unitId, year, targets.SignedCount, SignedAmount = Quantities.ToStored(targets.SignedAmount), targets.StartedCount, now }) == 1;

    public static async Task<bool> UpdateAsync(DbSession session, long unitId, int year, int expectedVersion, TargetInput targets, DateTime now) =>
        await session.ExecuteAsync("""
            UPDATE unit_targets SET signed_count = @SignedCount, signed_amount = @SignedAmount, started_count = @StartedCount,
                version = version + 1, updated_at = @now
            WHERE unit_id = @unitId AND year = @year AND version = @expectedVersion
            """, new { unitId, year, expectedVersion, targets.SignedCount, SignedAmount = Quantities.ToStored(targets.SignedAmount), targets.StartedCount, now }) == 1;

    private sealed class TargetRow
    {
        public long UnitId { get; init; }

        public string UnitName { get; init; } = "";

        public int Year { get; init; }

        public int SignedCount { get; init; }

        public long SignedAmount { get; init; }

        public int StartedCount { get; init; }

        public int Version { get; init; }
    }
}
