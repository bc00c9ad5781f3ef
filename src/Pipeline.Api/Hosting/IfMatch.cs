namespace Pipeline.Api.Hosting;

/// <summary>
/// The version a client last read (its ETag), sent back in <c>If-Match</c> so that a change never overwrites one it has not
/// seen. A handler takes an <see cref="IfMatch"/> parameter; <see cref="RequestChecks"/> answers 428 when the header is
/// missing and 400 when it is not an ETag this API issued, before the handler runs.
/// </summary>
public sealed class IfMatch
{
    private IfMatch(int version, ProblemHttpResult? problem)
    {
        Version = version;
        Problem = problem;
    }

    public int Version { get; }

    /// <summary>Why the header cannot be used, when it cannot.</summary>
    internal ProblemHttpResult? Problem { get; }

    public bool Matches(int current) => current == Version;

    public static ValueTask<IfMatch?> BindAsync(HttpContext context) => ValueTask.FromResult<IfMatch?>(Read(context.Request));

    /// <summary>The header as sent; for the few writes (creating by PUT) that need it only when the row already exists.</summary>
    public static IfMatch Read(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return new(0, Problems.PreconditionRequired());
        }

        var value = header.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        return int.TryParse(value.Trim('"'), out var version)
            ? new(version, null)
            : new(0, Problems.Invalid("If-Match", Words.Format(Messages.IfMatchUnreadable, header)));
    }
}
