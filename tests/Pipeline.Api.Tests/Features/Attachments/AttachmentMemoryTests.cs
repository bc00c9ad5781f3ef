using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc.Testing;
using Pipeline.Api.Features.Attachments;
using Pipeline.Api.Tests.Infrastructure;

namespace Pipeline.Api.Tests.Features.Attachments;

/// <summary>A file at the size limit goes in and out a buffer at a time: the server never holds it whole.</summary>
[Collection(MemoryMeasured.Name)]
public class AttachmentMemoryTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    [Fact]
    public async Task UploadAndDownload_FileAtTheTwentyMegabyteLimit_AllocateLessThanAQuarterOfIt()
    {
        var api = new TestApi(factory);
        var unit = await api.CreateUnitAsync();
        var staff = await api.CreateUserAsync(unit.Id, "staff");
        var project = await api.CreateProjectAsync(unit.Id, by: staff.Client);
        // The test client's redirect handler would buffer every request body to resend it; this one sends it as it goes.
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = staff.Client.DefaultRequestHeaders.Authorization;
        var content = AttachmentTests.Pdf((int)new AttachmentOptions().MaxBytes);
        await AttachmentTests.Upload(client, $"/api/projects/{project.Id}/attachments", "other", "预热.pdf", AttachmentTests.Pdf(1000));

        // Sent from a file, a buffer at a time, as a browser sends one (a memory stream would hand the client all of it in one write).
        var path = Path.GetTempFileName();
        await File.WriteAllBytesAsync(path, content);
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.DeleteOnClose);

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var uploaded = await (await AttachmentTests.Upload(client, $"/api/projects/{project.Id}/attachments", "contract", "合同全文.pdf", file))
            .As<AttachmentDto>(HttpStatusCode.Created);
        using var response = await client.GetAsync($"/api/attachments/{uploaded.Id}", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var downloaded = await SHA256.HashDataAsync(body);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(SHA256.HashData(content), downloaded);
        Assert.True(allocated < content.Length / 4, $"Uploading and downloading {content.Length:N0} bytes allocated {allocated:N0} bytes.");
    }
}
