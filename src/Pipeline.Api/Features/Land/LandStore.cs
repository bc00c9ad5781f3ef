namespace Pipeline.Api.Features.Land;

/// <summary>Whether a parcel can go to a project with the area asked for.</summary>
public enum ParcelFit
{
    Fits,
    Missing,
    SuppliedToAnother,
    TooSmall,
}

/// <summary>The land tables: parcels (一张图) and the yearly land plans (一张表).</summary>
public static class LandStore
{
    private const string Columns = "r.id, r.code, r.location, r.area_mu, r.status, r.geojson AS GeoJson, r.project_id, r.version";

    public static async Task<ParcelDto?> FindParcelAsync(DbSession session, long id) =>
        (await session.QuerySingleOrDefaultAsync<ParcelRow>($"SELECT {Columns} FROM parcels r WHERE r.id = @id", new { id }))?.ToDto();

    public static async Task<(IReadOnlyList<ParcelDto> Items, long Total)> ListParcelsAsync(DbSession session, ParcelStatus? status, string? q, int skip, int take)
    {
        var filter = new SqlFilter()
            .When(status?.ToCode(), "r.status = @Status", "Status")
            .When(Like.Contains(q), $"(r.code LIKE @Q {Like.Escape} OR r.location LIKE @Q {Like.Escape})", "Q");
        var (rows, total) = await session.PageAsync<ParcelRow>(Columns, "parcels r", filter, "r.code", skip, take);
        return (rows.Select(r => r.ToDto()).ToList(), total);
    }

    public static Task<long> InsertParcelAsync(DbSession session, string code, string location, decimal areaMu, ParcelStatus status, string? geoJson, DateTime now) =>
        session.InsertAsync("""
            INSERT INTO parcels (code, location, area_mu, status, geojson, version, created_at, updated_at)
            VALUES (@code, @location, @Area, @Status, @geoJson, 1, @now, @now)
            """, new { code, location, Area = Quantities.ToStored(areaMu), Status = status.ToCode(), geoJson, now });

    public static async Task<bool> UpdateParcelAsync(
        DbSession session, long id, int expectedVersion, string location, decimal areaMu, ParcelStatus status, string? geoJson, DateTime now) =>
        await session.ExecuteAsync("""
            UPDATE parcels SET location = @location, area_mu = @Area, status = @Status, geojson = @geoJson, version = version + 1, updated_at = @now
            WHERE id = @id AND version = @expectedVersion
            """, new { id, expectedVersion, location, Area = Quantities.ToStored(areaMu), Status = status.ToCode(), geoJson, now }) == 1;

    /// <summary>Whether <paramref name="parcelId"/> can be supplied to <paramref name="projectId"/> with <paramref name="areaMu"/> 亩, and the parcel.</summary>
    public static async Task<(ParcelFit Fit, ParcelDto? Parcel)> FitAsync(DbSession session, long parcelId, long projectId, decimal areaMu)
    {
        var parcel = await FindParcelAsync(session, parcelId);
        return parcel switch
        {
            null => (ParcelFit.Missing, null),
            { ProjectId: { } other } when other != projectId => (ParcelFit.SuppliedToAnother, parcel),
            _ when areaMu > parcel.AreaMu => (ParcelFit.TooSmall, parcel),
            _ => (ParcelFit.Fits, parcel),
        };
    }

    public static Task SupplyParcelAsync(DbSession session, long parcelId, long projectId, DateTime now) => session.ExecuteAsync("""
        UPDATE parcels SET status = 'supplied', project_id = @projectId, version = version + 1, updated_at = @now WHERE id = @parcelId
        """, new { parcelId, projectId, now });

    public static async Task<LandPlanDto?> PlanAsync(DbSession session, int year) =>
        (await session.QuerySingleOrDefaultAsync<PlanRow>("SELECT year, quota_mu, version FROM land_plans WHERE year = @year", new { year }))
            is { } row ? new LandPlanDto(row.Year, Quantities.FromStored(row.QuotaMu), row.Version) : null;

    /// <summary>Sets a year's quota that is not set yet; false when someone set it first.</summary>
    public static async Task<bool> InsertPlanAsync(DbSession session, int year, decimal quotaMu, DateTime now) =>
        await session.ExecuteAsync(d => d.Upsert("land_plans", ["year"],
            new Dictionary<string, string> { ["year"] = "@year", ["quota_mu"] = "@Quota", ["version"] = "1", ["updated_at"] = "@now" }),
            new { year, Quota = Quantities.ToStored(quotaMu), now }) == 1;

    public static async Task<bool> UpdatePlanAsync(DbSession session, int year, int expectedVersion, decimal quotaMu, DateTime now) =>
        await session.ExecuteAsync("UPDATE land_plans SET quota_mu = @Quota, version = version + 1, updated_at = @now WHERE year = @year AND version = @expectedVersion",
            new { year, expectedVersion, Quota = Quantities.ToStored(quotaMu), now }) == 1;

    private sealed class PlanRow
    {
        public int Year { get; init; }

        public long QuotaMu { get; init; }

        public int Version { get; init; }
    }
}
