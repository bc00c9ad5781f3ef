using Microsoft.Extensions.FileProviders;

namespace Pipeline.Api.Hosting;

/// <summary>
/// Serves the web workspace (工作台, <c>src/Pipeline.Web</c>, built into <c>wwwroot</c> by the API's build) at <c>/</c>.
/// A page request that no endpoint answers gets <c>index.html</c>, so the workspace's own routes (<c>/projects/42</c>)
/// open directly; the API's paths never do, so an unknown <c>/api</c> path stays a 404 problem. Vite names its assets by
/// their content hash, so they are cached for a year; <c>index.html</c> is revalidated on every load, so a new build is
/// seen at once. Without a build (no Node.js where the API was built) <c>/</c> says in Chinese what to install.
/// Runs before authentication: the workspace is public files, and everything it shows comes from the API with a token.
/// </summary>
public static class Workspace
{
    private static readonly string[] ServerPaths = ["/api", "/healthz", "/readyz", "/hangfire", "/openapi", "/scalar"];

    private const string NotBuiltPage = """
        <!doctype html>
        <html lang="zh-CN">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Pipeline 工作台尚未构建</title></head>
        <body style="font-family: sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.7">
        <h1>工作台尚未构建</h1>
        <p>构建本服务时未找到 Node.js，因此网页工作台没有生成。接口（<code>/api</code>）照常可用。</p>
        <p>请安装 <strong>Node.js 20 或更高版本</strong>（含 npm），然后重新运行 <code>dotnet run --project src/Pipeline.Api</code>，工作台会随之构建。</p>
        </body>
        </html>
        """;

    public static void UseWorkspace(this WebApplication app)
    {
        var files = app.Environment.WebRootFileProvider;
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl =
                context.Context.Request.Path.StartsWithSegments("/assets") ? "public, max-age=31536000, immutable" : "no-cache",
        });
        app.Use((context, next) => context.GetEndpoint() is null && IsPageRequest(context.Request)
            ? ServePageAsync(context.Response, files.GetFileInfo("index.html"))
            : next(context));
    }

    /// <summary>A browser asking for a page of the workspace: a GET outside the API's paths, for a path that names no file.</summary>
    private static bool IsPageRequest(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && !ServerPaths.Any(path => request.Path.StartsWithSegments(path, StringComparison.OrdinalIgnoreCase))
        && !Path.HasExtension(request.Path.Value);

    private static Task ServePageAsync(HttpResponse response, IFileInfo index)
    {
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        return index.Exists ? response.SendFileAsync(index) : response.WriteAsync(NotBuiltPage);
    }
}
