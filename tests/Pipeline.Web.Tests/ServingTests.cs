using System.Net;
using Pipeline.Web.Tests.Infrastructure;

namespace Pipeline.Web.Tests;

/// <summary>How the API serves the workspace: client routes fall back to index.html, the API's own paths never do.</summary>
public class ServingTests(WorkspaceServer server)
{
    private readonly HttpClient _http = new() { BaseAddress = server.Address };

    [Theory]
    [InlineData("/")]
    [InlineData("/cockpit?year=2026&unitId=3")]
    [InlineData("/projects/42")]
    public async Task Get_ClientRoute_IndexHtmlRevalidatedEveryTime(string path)
    {
        var response = await _http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<div id=\"app\">", await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.CacheControl?.NoCache);
    }

    [Theory]
    [InlineData("/api/nothing-here")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/scalar")]
    [InlineData("/hangfire")]
    public async Task Get_ServerPath_NeverTheWorkspace(string path)
    {
        var response = await _http.GetAsync(path);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("<div id=\"app\">", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_UnknownApiPathSignedIn_404ProblemDetails()
    {
        var admin = await new ApiData(server.Address).AdminAsync();

        var response = await admin.GetAsync("/api/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Get_HashedAsset_CachedForAYearAsImmutable()
    {
        var index = await _http.GetStringAsync("/");
        var script = System.Text.RegularExpressions.Regex.Match(index, "src=\"(/assets/[^\"]+\\.js)\"").Groups[1].Value;

        var response = await _http.GetAsync(script);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TimeSpan.FromDays(365), response.Headers.CacheControl?.MaxAge);
        Assert.Contains("immutable", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_Health_StillAnsweredByTheApi()
    {
        var response = await _http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
