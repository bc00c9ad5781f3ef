namespace Pipeline.Api.Hosting;

/// <summary>
/// The response headers every answer carries: no content sniffing, no framing (<c>X-Frame-Options</c> and CSP
/// <c>frame-ancestors</c>), no referrer sent elsewhere, a Content-Security-Policy that lets the workspace run from its own
/// files only (Element Plus sets inline styles, so styles may be inline; scripts may not), and <c>Cache-Control: no-store</c>
/// on API answers unless an endpoint chose its own caching. Kestrel's <c>Server</c> banner is off (<see cref="ApiSetup"/>);
/// HSTS is the TLS proxy's (deploy/).
/// </summary>
public static class SecurityHeaders
{
    public const string WorkspacePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The API reference and the jobs dashboard bring their own inline scripts; they keep the framing rule only.</summary>
    private const string ToolPolicy = "frame-ancestors 'none'";

    private static readonly string[] ToolPaths = ["/scalar", "/hangfire"];

    public static void UseSecurityHeaders(this WebApplication app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            var path = context.Request.Path;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = ToolPaths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)) ? ToolPolicy : WorkspacePolicy;
            if (path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) && string.IsNullOrEmpty(headers.CacheControl))
            {
                headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        });
        return next(context);
    });
}
