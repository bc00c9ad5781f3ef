using System.Text.Json;

namespace Pipeline.Domain.Land;

/// <summary>
/// A parcel's outline (宗地红线) as GeoJSON (RFC 7946): a Polygon or a MultiPolygon whose rings are closed (the last position
/// repeats the first) and have at least four positions, each position [longitude, latitude] within −180..180 and −90..90.
/// </summary>
public static class Outlines
{
    /// <summary>Null for a valid outline, otherwise what is wrong with it, in the current language.</summary>
    public static string? Problem(JsonElement outline)
    {
        if (outline.ValueKind != JsonValueKind.Object || !outline.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
            || !outline.TryGetProperty("coordinates", out var coordinates) || coordinates.ValueKind != JsonValueKind.Array)
        {
            return Messages.OutlineType;
        }

        List<JsonElement>? polygons = type.GetString() switch
        {
            "Polygon" => [coordinates],
            "MultiPolygon" => coordinates.EnumerateArray().ToList(),
            _ => null,
        };
        if (polygons is null)
        {
            return Messages.OutlineType;
        }

        if (polygons.Count == 0 || polygons.Any(p => p.ValueKind != JsonValueKind.Array || p.GetArrayLength() == 0))
        {
            return Messages.OutlineRings;
        }

        foreach (var ring in polygons.SelectMany(p => p.EnumerateArray()))
        {
            if (RingProblem(ring) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? RingProblem(JsonElement ring)
    {
        if (ring.ValueKind != JsonValueKind.Array || ring.GetArrayLength() < 4)
        {
            return Messages.OutlineRings;
        }

        var positions = new List<(double Longitude, double Latitude)>();
        foreach (var position in ring.EnumerateArray())
        {
            if (position.ValueKind != JsonValueKind.Array || position.GetArrayLength() < 2
                || position.EnumerateArray().Any(n => n.ValueKind != JsonValueKind.Number))
            {
                return Messages.OutlinePositions;
            }

            var (longitude, latitude) = (position[0].GetDouble(), position[1].GetDouble());
            if (longitude is < -180 or > 180 || latitude is < -90 or > 90)
            {
                return Messages.OutlinePositions;
            }

            positions.Add((longitude, latitude));
        }

        return positions[0] == positions[^1] ? null : Messages.OutlineRings;
    }
}
