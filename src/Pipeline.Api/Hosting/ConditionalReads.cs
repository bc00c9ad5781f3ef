namespace Pipeline.Api.Hosting;

/// <summary>
/// Conditional reads of lists and reports: the answer carries an <c>ETag</c> made of the data version (see
/// <see cref="DataVersions"/>) and of everything else the answer depends on (the caller, the query, the language, the
/// day), and a request whose <c>If-None-Match</c> names it gets 304 Not Modified without its query being run. The
/// version is read before the handler's query, so an ETag is never newer than the answer it comes with; any write on
/// any instance raises the version in its own transaction, so a 304 never hides a change.
/// </summary>
public static class ConditionalReads
{
    /// <summary>Where the endpoint reads: the primary, or the reports' database (a readable secondary when configured).</summary>
    public enum Source
    {
        Primary,
        Reports,
    }

    /// <summary>
    /// The data version read for this request before its handler ran, so that the handler can keep or reuse what it read
    /// under that version without reading it again; null when the endpoint is not conditional or the request is an export.
    /// </summary>
    public static long? VersionRead(HttpContext http) => http.Features.Get<DataVersionRead>()?.Version;

    public static TBuilder WithDataVersion<TBuilder>(this TBuilder builder, Source source = Source.Primary)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            // An export is a download (and may read the reports' database while the list reads the primary): never conditional.
            if (http.Request.Query.ContainsKey("format"))
            {
                return await next(context);
            }

            var services = http.RequestServices;
            var version = await services.GetRequiredService<Db>().DataVersionAsync(source == Source.Reports, http.RequestAborted);
            http.Features.Set(new DataVersionRead(version));
            var etag = ETags.ForData(version, http, services.GetRequiredService<BusinessClock>().Today);
            if (ETags.NoneMatch(http.Request, etag))
            {
                http.Response.Headers.ETag = etag;
                return TypedResults.StatusCode(StatusCodes.Status304NotModified);
            }

            var result = await next(context);
            var answer = result is INestedHttpResult nested ? nested.Result : result;
            if (answer is not IStatusCodeHttpResult { StatusCode: not (null or StatusCodes.Status200OK) })
            {
                http.Response.Headers.ETag = etag;
            }

            return result;
        });

    private sealed record DataVersionRead(long Version);
}
