using System.Collections.Concurrent;

namespace Pipeline.Api.Data;

/// <summary>Enum values as stored and as the API spells them: camelCase text (Dapper would otherwise write numbers).</summary>
public static class Codes
{
    private static readonly ConcurrentDictionary<Enum, string> Cache = new();

    public static string ToCode<T>(this T value)
        where T : struct, Enum => Cache.GetOrAdd(value, v => JsonNamingPolicy.CamelCase.ConvertName(v.ToString()));
}
