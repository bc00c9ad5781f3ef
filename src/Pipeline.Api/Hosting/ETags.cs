using Microsoft.AspNetCore.Http.HttpResults;

namespace Pipeline.Api.Hosting;

/// <summary>Optimistic concurrency: the ETag is the row's integer version; updates must send it back in If-Match.</summary>
public static class ETags
{
    public static void Set(HttpResponse response, int version) => response.Headers.ETag = $"\"{version}\"";

    /// <summary>The version the client last read, or the problem to answer (428 when absent, 400 when unreadable).</summary>
    public static (int Version, ProblemHttpResult? Problem) Expected(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return (0, Problems.PreconditionRequired());
        }

        var value = header.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        return int.TryParse(value.Trim('"'), out var version)
            ? (version, null)
            : (0, Problems.Invalid("If-Match", $"'{header}' is not an ETag this API issued; use the ETag header from your last read."));
    }
}
