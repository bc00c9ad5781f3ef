namespace Pipeline.Api.Hosting;

/// <summary>Optimistic concurrency: the ETag is the row's integer version; updates send it back in If-Match (see <see cref="IfMatch"/>).</summary>
public static class ETags
{
    public static void Set(HttpResponse response, int version) => response.Headers.ETag = $"\"{version}\"";
}
