using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Api.Data;
using Pipeline.Api.Features.Projects;
using Pipeline.Api.Hosting;
using Pipeline.Api.Tests.Infrastructure;

namespace Pipeline.Api.Tests.Hosting;

/// <summary>
/// Lists and reports carry an ETag from the data version; If-None-Match with it answers 304 without the query, until a
/// write (on this instance or another) raises the version.
/// </summary>
public class ConditionalReadTests(ConditionalReadTests.Host factory) : IClassFixture<ConditionalReadTests.Host>
{
    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task ProjectList_NothingChanged_304WithTheSameETagAndNoQueryRun()
    {
        var unit = await _api.CreateUnitAsync();
        await _api.CreateProjectAsync(unit.Id);
        var admin = await _api.AdminAsync();
        var url = $"/api/projects?unitId={unit.Id}";
        using var first = await admin.GetAsync(url, TestContext.Current.CancellationToken);
        await first.Expect(HttpStatusCode.OK);
        var etag = first.Headers.ETag!;

        var statements = await factory.Recorder.RecordAsync(async () =>
        {
            using var again = await Conditional(admin, url, etag);
            await again.Expect(HttpStatusCode.NotModified);
            Assert.Equal(etag, again.Headers.ETag);
            Assert.Empty(await again.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        });

        Assert.Equal([DataVersions.Read], statements);
    }

    [Fact]
    public async Task ProjectList_AfterAWrite_200WithANewETagAndTheChange()
    {
        var unit = await _api.CreateUnitAsync();
        await _api.CreateProjectAsync(unit.Id);
        var admin = await _api.AdminAsync();
        var url = $"/api/projects?unitId={unit.Id}";
        using var first = await admin.GetAsync(url, TestContext.Current.CancellationToken);
        var before = await first.As<Paged<ProjectSummary>>();

        var added = await _api.CreateProjectAsync(unit.Id);
        using var after = await Conditional(admin, url, first.Headers.ETag!);
        var page = await after.As<Paged<ProjectSummary>>();

        Assert.NotEqual(first.Headers.ETag, after.Headers.ETag);
        Assert.Equal(before.Total + 1, page.Total);
        Assert.Contains(page.Items, p => p.Id == added.Id);
    }

    [Fact]
    public async Task ProjectList_AnotherCallerOrQuery_AnotherETag()
    {
        var unit = await _api.CreateUnitAsync();
        var staff = await _api.CreateUserAsync(unit.Id, "staff");
        var admin = await _api.AdminAsync();
        var url = $"/api/projects?unitId={unit.Id}";
        using var asAdmin = await admin.GetAsync(url, TestContext.Current.CancellationToken);
        await asAdmin.Expect(HttpStatusCode.OK);

        using var asStaff = await Conditional(staff.Client, url, asAdmin.Headers.ETag!);
        using var otherPage = await Conditional(admin, url + "&pageSize=10", asAdmin.Headers.ETag!);

        await asStaff.Expect(HttpStatusCode.OK);
        await otherPage.Expect(HttpStatusCode.OK);
        Assert.NotEqual(asAdmin.Headers.ETag, asStaff.Headers.ETag);
        Assert.NotEqual(asAdmin.Headers.ETag, otherPage.Headers.ETag);
    }

    [Theory]
    [InlineData("/api/alerts?status=unresolved")]
    [InlineData("/api/alerts/summary")]
    [InlineData("/api/notifications?unread=true&pageSize=8")]
    [InlineData("/api/reports/funnel?from=2026-01-01&to=2026-06-30")]
    [InlineData("/api/reports/signed-not-started?signedFrom=2026-01-01&signedTo=2026-06-30")]
    [InlineData("/api/reports/unit-ranking?year=2026")]
    public async Task CockpitAndInbox_NothingChanged_304ThenAWriteMakesIt200(string url)
    {
        var admin = await _api.AdminAsync();
        using var first = await admin.GetAsync(url, TestContext.Current.CancellationToken);
        await first.Expect(HttpStatusCode.OK);

        using var unchanged = await Conditional(admin, url, first.Headers.ETag!);
        await _api.CreateUnitAsync();
        using var changed = await Conditional(admin, url, first.Headers.ETag!);

        await unchanged.Expect(HttpStatusCode.NotModified);
        await changed.Expect(HttpStatusCode.OK);
        Assert.NotEqual(first.Headers.ETag, changed.Headers.ETag);
    }

    [Fact]
    public async Task Project_ItsETag_StillTheVersionThatIfMatchTakes()
    {
        var unit = await _api.CreateUnitAsync();
        var project = await _api.CreateProjectAsync(unit.Id);
        var admin = await _api.AdminAsync();
        using var read = await admin.GetAsync($"/api/projects/{project.Id}", TestContext.Current.CancellationToken);
        await read.Expect(HttpStatusCode.OK);

        using var listed = await admin.GetAsync($"/api/projects?unitId={unit.Id}", TestContext.Current.CancellationToken);
        using var withListETag = await SendWithIfMatchAsync(admin, project.Id, listed.Headers.ETag!.Tag);
        using var withItsETag = await SendWithIfMatchAsync(admin, project.Id, read.Headers.ETag!.Tag);

        await withListETag.Expect(HttpStatusCode.BadRequest);
        Assert.Equal(project.Version + 1, (await withItsETag.As<ProjectDto>()).Version);
    }

    [Fact]
    public async Task ProjectList_WriteOnAnotherInstance_200WithANewETag()
    {
        await using var other = new SecondHost(factory.Database);
        var otherApi = new TestApi(other);
        var otherAdmin = await otherApi.AdminAsync();
        var unit = await _api.CreateUnitAsync();
        var admin = await _api.AdminAsync();
        var url = $"/api/projects?unitId={unit.Id}";
        using var first = await admin.GetAsync(url, TestContext.Current.CancellationToken);
        await first.Expect(HttpStatusCode.OK);

        using var sameOnOther = await Conditional(otherAdmin, url, first.Headers.ETag!);
        var added = await otherApi.CreateProjectAsync(unit.Id);
        using var afterWrite = await Conditional(admin, url, first.Headers.ETag!);

        await sameOnOther.Expect(HttpStatusCode.NotModified);
        var page = await afterWrite.As<Paged<ProjectSummary>>();
        Assert.NotEqual(first.Headers.ETag, afterWrite.Headers.ETag);
        Assert.Equal([added.Id], page.Items.Select(p => p.Id));
    }

    private static Task<HttpResponseMessage> Conditional(HttpClient client, string url, System.Net.Http.Headers.EntityTagHeaderValue etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(etag);
        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static Task<HttpResponseMessage> SendWithIfMatchAsync(HttpClient client, long id, string etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/projects/{id}") { Content = JsonContent.Create(new { isKey = true }) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>The app with a recorder of the statements it runs.</summary>
    public sealed class Host : PipelineFactory
    {
        public StatementLog Recorder { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<ISqlObserver>(Recorder));
        }
    }

    /// <summary>A second instance of the app on the same database, with a signing key of its own.</summary>
    private sealed class SecondHost(TestDatabase database) : PipelineFactory(database, ownsDatabase: false);

    /// <summary>The statements run while a recording is on, as the active provider's text would differ only by dialect.</summary>
    public sealed class StatementLog : ISqlObserver
    {
        private static readonly SqliteDialect Dialect = new();
        private List<string>? _recording;

        public void Observe(SqlText sql, object? args)
        {
            if (Volatile.Read(ref _recording) is { } recording)
            {
                lock (recording)
                {
                    recording.Add(sql(Dialect));
                }
            }
        }

        public async Task<IReadOnlyList<string>> RecordAsync(Func<Task> work)
        {
            var recording = new List<string>();
            Volatile.Write(ref _recording, recording);
            try
            {
                await work();
            }
            finally
            {
                Volatile.Write(ref _recording, null);
            }

            return recording;
        }
    }
}
