using System.Net;
using Microsoft.AspNetCore.Hosting;
using Pipeline.Api.Tests.Infrastructure;

namespace Pipeline.Api.Tests.Hosting;

/// <summary>An API built where Node.js was missing: no workspace in wwwroot, and / says so in Chinese.</summary>
public class WorkspaceNotBuiltTests(WorkspaceNotBuiltTests.Factory factory) : IClassFixture<WorkspaceNotBuiltTests.Factory>
{
    public sealed class Factory : PipelineFactory
    {
        private readonly string _emptyWebRoot = Directory.CreateTempSubdirectory("pipeline-no-workspace-").FullName;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseWebRoot(_emptyWebRoot);
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            Directory.Delete(_emptyWebRoot, recursive: true);
        }
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/cockpit")]
    public async Task Get_Page_WorkspaceNotBuilt_ChinesePageNamesNodeJs(string path)
    {
        var response = await factory.CreateClient().GetAsync(path);
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("工作台尚未构建", page, StringComparison.Ordinal);
        Assert.Contains("Node.js 20", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_Api_WorkspaceNotBuilt_ApiAnswersAsUsual()
    {
        var response = await factory.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
