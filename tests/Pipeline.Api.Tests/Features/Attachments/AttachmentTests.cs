using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc;
using Pipeline.Api.Features.Attachments;
using Pipeline.Api.Features.Audit;
using Pipeline.Api.Features.Dispatch;
using Pipeline.Api.Features.Projects;
using Pipeline.Api.Features.Trips;
using Pipeline.Api.Hosting;
using Pipeline.Api.Tests.Features.Alerts;
using Pipeline.Api.Tests.Features.Trips;
using Pipeline.Api.Tests.Infrastructure;

namespace Pipeline.Api.Tests.Features.Attachments;

/// <summary>Files kept with projects, trips and updates: typed by content, reached only through their parent, audited.</summary>
public class AttachmentTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task Upload_PdfContractToOwnProject_DownloadsTheSameBytesUnderItsChineseName()
    {
        var (staff, project) = await StaffWithProjectAsync();
        var content = Pdf(50_000);

        var uploaded = await (await Upload(staff.Client, $"/api/projects/{project.Id}/attachments", "contract", "正式合同（盖章版）.pdf", content))
            .As<AttachmentDto>(HttpStatusCode.Created);
        var listed = await staff.Client.GetFromJsonAsync<List<AttachmentDto>>($"/api/projects/{project.Id}/attachments", HttpAssertions.Json);
        var download = await staff.Client.GetAsync($"/api/attachments/{uploaded.Id}");
        var bytes = await download.Content.ReadAsByteArrayAsync();

        Assert.Equal(("contract", "正式合同", "application/pdf", content.Length, false), (uploaded.Kind, uploaded.KindName, uploaded.ContentType, (int)uploaded.Size, uploaded.IsImage));
        Assert.Equal(uploaded.Id, Assert.Single(listed!).Id);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(content, bytes);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("正式合同（盖章版）.pdf", download.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), uploaded.Sha256);
    }

    [Fact]
    public async Task Upload_ExecutableRenamedToPdf_Returns400AndKeepsNothing()
    {
        var (staff, project) = await StaffWithProjectAsync();
        var executable = new byte[4096];
        "MZ"u8.CopyTo(executable);

        var response = await Upload(staff.Client, $"/api/projects/{project.Id}/attachments", "contract", "合同.pdf", executable);
        var problem = await response.As<ValidationProblemDetails>(HttpStatusCode.BadRequest);
        var listed = await staff.Client.GetFromJsonAsync<List<AttachmentDto>>($"/api/projects/{project.Id}/attachments", HttpAssertions.Json);

        Assert.Contains("PDF", Assert.Single(problem.Errors["file"]));
        Assert.Empty(listed!);
    }

    [Fact]
    public async Task Upload_ZipRenamedToDocxAndRealDocx_OnlyTheRealOfficeFileIsTaken()
    {
        var (staff, project) = await StaffWithProjectAsync();

        var fake = await Upload(staff.Client, $"/api/projects/{project.Id}/attachments", "supplement", "补充协议.docx", Zip("readme.txt"));
        var real = await Upload(staff.Client, $"/api/projects/{project.Id}/attachments", "supplement", "补充协议.docx", Zip("[Content_Types].xml", "word/document.xml"));

        Assert.Equal(HttpStatusCode.BadRequest, fake.StatusCode);
        var kept = await real.As<AttachmentDto>(HttpStatusCode.Created);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", kept.ContentType);
    }

    [Fact]
    public async Task Upload_SitePhotoThatIsAPdfOrKindOfAnotherRecord_Returns400NamingTheField()
    {
        var (staff, project) = await StaffWithProjectAsync();
        var url = $"/api/projects/{project.Id}/attachments";

        var photo = await (await Upload(staff.Client, url, "sitePhoto", "现场.pdf", Pdf(1000))).As<ValidationProblemDetails>(HttpStatusCode.BadRequest);
        var kind = await (await Upload(staff.Client, url, "feasibility", "可研.pdf", Pdf(1000))).As<ValidationProblemDetails>(HttpStatusCode.BadRequest);
        var missing = await (await Upload(staff.Client, url, null, "可研.pdf", Pdf(1000))).As<ValidationProblemDetails>(HttpStatusCode.BadRequest);

        Assert.Equal(["file"], photo.Errors.Keys);
        Assert.Contains("JPG", photo.Errors["file"].Single());
        Assert.Equal(["kind"], kind.Errors.Keys);
        Assert.Contains("contract（正式合同）", kind.Errors["kind"].Single());
        Assert.Equal(["kind"], missing.Errors.Keys);
    }

    [Fact]
    public async Task Attachment_StaffOfAnotherUnit_AnswersNotFoundToListDownloadUploadAndDelete()
    {
        var (staff, project) = await StaffWithProjectAsync();
        var uploaded = await (await Upload(staff.Client, $"/api/projects/{project.Id}/attachments", "contract", "合同.pdf", Pdf(1000)))
            .As<AttachmentDto>(HttpStatusCode.Created);
        var stranger = await _api.CreateUserAsync((await _api.CreateUnitAsync()).Id, "staff");

        var list = await stranger.Client.GetAsync($"/api/projects/{project.Id}/attachments");
        var download = await stranger.Client.GetAsync($"/api/attachments/{uploaded.Id}");
        var upload = await Upload(stranger.Client, $"/api/projects/{project.Id}/attachments", "contract", "合同.pdf", Pdf(1000));
        var delete = await stranger.Client.DeleteAsync($"/api/attachments/{uploaded.Id}");
        var stillThere = await staff.Client.GetAsync($"/api/attachments/{uploaded.Id}");

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound],
            new[] { list.StatusCode, download.StatusCode, upload.StatusCode, delete.StatusCode });
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
    }

    [Fact]
    public async Task Delete_LeaderWhoOnlyReadsTheProject_Returns403AndTheOwnUnitDeletes()
    {
        var (staff, project) = await StaffWithProjectAsync();
        var uploaded = await (await Upload(staff.Client, $"/api/projects/{project.Id}/attachments", "contract", "合同.pdf", Pdf(1000)))
            .As<AttachmentDto>(HttpStatusCode.Created);
        var leader = await _api.CreateUserAsync(null, "leader");

        var read = await leader.Client.GetAsync($"/api/attachments/{uploaded.Id}");
        var refused = await leader.Client.DeleteAsync($"/api/attachments/{uploaded.Id}");
        var deleted = await staff.Client.DeleteAsync($"/api/attachments/{uploaded.Id}");
        var gone = await staff.Client.GetAsync($"/api/attachments/{uploaded.Id}");

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Attachment_UploadDownloadDelete_EachLeavesAnAuditRecord()
    {
        var (staff, project) = await StaffWithProjectAsync();
        var uploaded = await (await Upload(staff.Client, $"/api/projects/{project.Id}/attachments", "contract", "合同.pdf", Pdf(1000)))
            .As<AttachmentDto>(HttpStatusCode.Created);
        await staff.Client.GetByteArrayAsync($"/api/attachments/{uploaded.Id}");
        await staff.Client.DeleteAsync($"/api/attachments/{uploaded.Id}");
        var auditor = await _api.CreateUserAsync(null, "auditor");

        var audit = await auditor.Client.GetFromJsonAsync<Paged<AuditRecord>>($"/api/audit?entity=attachment&entityId={uploaded.Id}&pageSize=10", HttpAssertions.Json);

        Assert.Equal(["delete", "download", "upload"], audit!.Items.Select(r => r.Action).Order().ToArray());
        Assert.All(audit.Items, r => Assert.Equal(staff.UserName, r.UserName));
        Assert.Contains("合同.pdf", audit.Items.Single(r => r.Action == "upload").Detail);
    }

    [Fact]
    public async Task Upload_SitePhotoOfAnUpdateAndVisitRecordOfATrip_ListedWithTheirParents()
    {
        var subjects = new AlertSubjects(_api, factory.Today);
        var (unit, person) = await subjects.OwnersAsync();
        var project = await subjects.SignedAsync(unit, person, 40);
        var admin = await _api.AdminAsync();
        var update = (await admin.GetFromJsonAsync<List<UpdateDto>>($"/api/projects/{project.Id}/updates", HttpAssertions.Json))!.First();
        var staff = await _api.CreateUserAsync(unit, "staff");
        var trip = await (await staff.Client.PostAsJsonAsync("/api/trips", TripTests.Trip(factory.Today.AddDays(3), factory.Today.AddDays(5))))
            .As<TripDto>(HttpStatusCode.Created);

        var photo = await (await Upload(admin, $"/api/updates/{update.Id}/attachments", "sitePhoto", "工地.png", Png()))
            .As<AttachmentDto>(HttpStatusCode.Created);
        var record = await (await Upload(staff.Client, $"/api/trips/{trip.Id}/attachments", "visitRecord", "走访记录.pdf", Pdf(2000)))
            .As<AttachmentDto>(HttpStatusCode.Created);
        var updateFiles = await admin.GetFromJsonAsync<List<AttachmentDto>>($"/api/updates/{update.Id}/attachments", HttpAssertions.Json);
        var tripFiles = await staff.Client.GetFromJsonAsync<List<AttachmentDto>>($"/api/trips/{trip.Id}/attachments", HttpAssertions.Json);

        Assert.Equal(("update", update.Id, true, "image/png"), (photo.ParentType, photo.ParentId, photo.IsImage, photo.ContentType));
        Assert.Equal(("trip", trip.Id, "走访记录"), (record.ParentType, record.ParentId, record.KindName));
        Assert.Equal(photo.Id, Assert.Single(updateFiles!).Id);
        Assert.Equal(record.Id, Assert.Single(tripFiles!).Id);
    }

    [Fact]
    public async Task Upload_OneByteOverTheLimit_Returns413AndKeepsNothing()
    {
        var (staff, project) = await StaffWithProjectAsync();
        var content = Pdf((int)new AttachmentOptions().MaxBytes + 1);

        var response = await Upload(staff.Client, $"/api/projects/{project.Id}/attachments", "contract", "大合同.pdf", content);
        var problem = await response.As<ProblemDetails>(HttpStatusCode.RequestEntityTooLarge);
        var listed = await staff.Client.GetFromJsonAsync<List<AttachmentDto>>($"/api/projects/{project.Id}/attachments", HttpAssertions.Json);

        Assert.Contains("20 MB", problem.Detail);
        Assert.Equal(413, problem.Status);
        Assert.Empty(listed!);
    }

    public static Task<HttpResponseMessage> Upload(HttpClient client, string url, string? kind, string fileName, byte[] content) =>
        Upload(client, url, kind, fileName, new MemoryStream(content));

    public static Task<HttpResponseMessage> Upload(HttpClient client, string url, string? kind, string fileName, Stream content)
    {
        var form = new MultipartFormDataContent();
        if (kind is not null)
        {
            form.Add(new StringContent(kind), "kind");
        }

        var file = new StreamContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return client.PostAsync(url, form);
    }

    public static byte[] Pdf(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        "%PDF-1.7\n"u8.CopyTo(bytes);
        return bytes;
    }

    private static byte[] Png()
    {
        var bytes = new byte[3000];
        Random.Shared.NextBytes(bytes);
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(bytes, 0);
        return bytes;
    }

    private static byte[] Zip(params string[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(entry).Open());
                writer.Write("<x/>");
            }
        }

        return buffer.ToArray();
    }

    private async Task<(TestUser Staff, ProjectDto Project)> StaffWithProjectAsync()
    {
        var unit = await _api.CreateUnitAsync();
        var staff = await _api.CreateUserAsync(unit.Id, "staff");
        return (staff, await _api.CreateProjectAsync(unit.Id, by: staff.Client));
    }
}
