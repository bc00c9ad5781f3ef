using Microsoft.Net.Http.Headers;

namespace Pipeline.Api.Hosting;

/// <summary>
/// Optimistic concurrency: a single resource's ETag is the row's integer version; updates send it back in If-Match (see
/// <see cref="IfMatch"/>). Lists and reports carry a data ETag instead (see <see cref="ConditionalReads"/>), which no
/// If-Match accepts.
/// </summary>
public static class ETags
{
    public static void Set(HttpResponse response, int version) => response.Headers.ETag = $"\"{version}\"";

    /// <summary>
    /// <c>"d{version}-{hash}"</c>, the hash over the caller (id, roles, unit), the path and query, the language and the day
    /// (a report's "today" moves at midnight with no write). The same on every instance: a client may ask any of them.
    /// </summary>
    public static string ForData(long version, HttpContext http, DateOnly today)
    {
        var caller = Caller.Of(http);
        var request = http.Request;
        var hash = Fnv.Offset;
        hash = Fnv.Add(hash, caller is null ? "" : string.Create(CultureInfo.InvariantCulture, $"{caller.Id}/{(int)caller.Roles}/{caller.UnitId}"));
        hash = Fnv.Add(hash, request.Path.Value);
        hash = Fnv.Add(hash, request.QueryString.Value);
        hash = Fnv.Add(hash, request.Headers.AcceptLanguage.ToString());
        hash = Fnv.Add(hash, today.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
        return string.Create(CultureInfo.InvariantCulture, $"\"d{version}-{hash:x16}\"");
    }

    /// <summary>Whether <c>If-None-Match</c> names <paramref name="etag"/> (or is <c>*</c>); weak and strong compare alike, as RFC 9110 says for it.</summary>
    public static bool NoneMatch(HttpRequest request, string etag)
    {
        if (request.Headers.IfNoneMatch.Count == 0)
        {
            return false;
        }

        if (!EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var tags))
        {
            return false;
        }

        var current = new EntityTagHeaderValue(etag);
        return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(current, useStrongComparison: false));
    }

    /// <summary>FNV-1a, 64 bits: stable across processes, unlike <see cref="HashCode"/>, so every instance makes the same ETag.</summary>
    private static class Fnv
    {
        public const ulong Offset = 14695981039346656037;

        public static ulong Add(ulong hash, string? text)
        {
            foreach (var c in text ?? "")
            {
                hash = (hash ^ c) * 1099511628211;
            }

            // A separator, so that "ab" + "c" and "a" + "bc" differ.
            return (hash ^ 0xFFFF) * 1099511628211;
        }
    }
}
