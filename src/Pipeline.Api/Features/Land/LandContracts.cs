using Pipeline.Domain.Land;

namespace Pipeline.Api.Features.Land;

/// <summary>收储 / 可供 / 已供.</summary>
public enum ParcelStatus
{
    Reserve,
    Available,
    Supplied,
}

public sealed class ParcelRow
{
    public long Id { get; init; }

    public string Code { get; init; } = "";

    public string Location { get; init; } = "";

    public long AreaMu { get; init; }

    public ParcelStatus Status { get; init; }

    public string? GeoJson { get; init; }

    public long? ProjectId { get; init; }

    public int Version { get; init; }

    public ParcelDto ToDto() => new(
        Id, Code, Location, Quantities.FromStored(AreaMu), Status,
        GeoJson is null ? null : JsonDocument.Parse(GeoJson).RootElement.Clone(), ProjectId, Version);
}

public sealed record ParcelDto(long Id, string Code, string Location, decimal AreaMu, ParcelStatus Status, JsonElement? Outline, long? ProjectId, int Version)
    : IVersioned;

public sealed record CreateParcel(string? Code, string? Location, decimal? AreaMu, ParcelStatus? Status, JsonElement? Outline) : ICheckedRequest
{
    public void Check(Checks checks, DateOnly today) =>
        ParcelChecks.Check(checks.Text("code", Code, 64, required: true), Location, AreaMu, Outline);
}

/// <summary>What makes a parcel's fields valid, on creation and on every change.</summary>
public static class ParcelChecks
{
    /// <summary>The outline, when given (JSON null clears it), is a valid GeoJSON Polygon or MultiPolygon (<see cref="Outlines"/>).</summary>
    public static Checks Check(Checks checks, string? location, decimal? area, JsonElement? outline)
    {
        checks.Text("location", location, 200, required: true).Quantity("areaMu", area, required: true);
        if (outline is { ValueKind: not JsonValueKind.Null } shape && Outlines.Problem(shape) is { } problem)
        {
            checks.Add("outline", problem);
        }

        return checks;
    }
}

public sealed record ParcelQuery(string? Status, string? Q, int? Page, int? PageSize);

public sealed record LandPlanDto(int Year, decimal QuotaMu, int Version) : IVersioned;

public sealed record LandPlanInput(decimal? QuotaMu) : ICheckedRequest
{
    public void Check(Checks checks, DateOnly today) => checks.Quantity("quotaMu", QuotaMu, required: true);
}

