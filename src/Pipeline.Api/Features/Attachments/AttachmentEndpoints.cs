using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Pipeline.Domain.Attachments;

namespace Pipeline.Api.Features.Attachments;

/// <summary>
/// Files that prove what happened — contracts, pre-review material, site photos, visit records, instruction answers —
/// kept in the database beside the record they belong to, and reached only by whoever reaches that record.
/// </summary>
public static class AttachmentEndpoints
{
    public static void AddAttachments(this WebApplicationBuilder builder) => builder.Services.AddSettings<AttachmentOptions>();

    public static void MapAttachments(this RouteGroupBuilder api)
    {
        foreach (var parent in Enum.GetValues<AttachmentParent>())
        {
            var files = api.MapGroup($"/{parent.Segment()}/{{id:long}}/attachments").WithTags("Attachments");
            files.MapGet("", ([AsParameters] ApiContext ctx, long id) => List(parent, id, ctx)).WithSummary($"{parent.Chinese()}的附件");
            files.MapPost("", ([AsParameters] ApiContext ctx, long id, HttpRequest request, IOptions<AttachmentOptions> options) =>
                Upload(parent, id, request, ctx, options.Value)).WithSummary($"上传{parent.Chinese()}附件");
        }

        var attachments = api.MapGroup("/attachments").WithTags("Attachments");
        attachments.MapGet("/{id:long}", Download).WithSummary("下载附件");
        attachments.MapDelete("/{id:long}", Delete).WithSummary("删除附件");
    }

    private static async Task<Results<Ok<IReadOnlyList<AttachmentDto>>, ProblemHttpResult>> List(AttachmentParent parent, long id, ApiContext ctx)
    {
        await using var session = await ctx.Db.OpenAsync(ctx.Ct);
        if (await AttachmentStore.AccessAsync(session, parent, id, ctx.Caller) == ParentAccess.None)
        {
            return ParentNotFound(parent, id);
        }

        return TypedResults.Ok(await AttachmentStore.ListAsync(session, parent, id));
    }

    /// <summary>
    /// Takes one file of a multipart form (fields <c>file</c> and <c>kind</c>) into a temporary file, tells its type from
    /// its content, and copies it into the database: memory stays flat whatever the size up to the limit.
    /// </summary>
    private static async Task<Results<Created<AttachmentDto>, ProblemHttpResult>> Upload(
        AttachmentParent parent, long id, HttpRequest request, ApiContext ctx, AttachmentOptions options)
    {
        // The form's own fields and boundaries take far less than this beside the file.
        var bodyLimit = options.MaxBytes + (64 * 1024);
        if (request.ContentLength > bodyLimit)
        {
            return TooLarge(options);
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = bodyLimit;
        }

        await using (var access = await ctx.Db.OpenAsync(ctx.Ct))
        {
            switch (await AttachmentStore.AccessAsync(access, parent, id, ctx.Caller))
            {
                case ParentAccess.None:
                    return ParentNotFound(parent, id);
                case ParentAccess.Read:
                    return Problems.Forbidden(Words.Format(Messages.AttachmentReadOnly, ParentName(parent)));
            }
        }

        await using var form = await UploadForm.ReadAsync(request, options.MaxBytes, ctx.Ct);
        if (form.Problem is { } problem)
        {
            return problem == UploadForm.Refusal.TooLarge ? TooLarge(options) : Problems.Invalid("file", Refusal(problem));
        }

        var checks = new Checks();
        var kind = checks.Required("kind", form.Kind).Enum<AttachmentKind>("kind", form.Kind);
        if (kind is { } given && !AttachmentRules.KindsFor(parent).Contains(given))
        {
            checks.Add("kind", Words.Format(Messages.AttachmentKindNotFor, ParentName(parent),
                Words.List(AttachmentRules.KindsFor(parent).Select(k => $"{k.ToCode()}（{k.Chinese()}）"))));
        }

        var type = form.FileName is { } name ? AttachmentRules.Detect(form.Head, name) : null;
        if (form.FileName is null)
        {
            checks.Add("file", Messages.AttachmentFileName);
        }
        else if (type is null || (type.IsZipContainer && !form.IsWellFormedContainer(type)))
        {
            checks.Add("file", Words.Format(Messages.AttachmentTypeRefused, Messages.AttachmentAccepted));
        }
        else if (kind == AttachmentKind.SitePhoto && !type.IsImage)
        {
            checks.Add("file", Messages.AttachmentPhotoNotImage);
        }

        if (!checks.Ok)
        {
            return checks.Problem();
        }

        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        if (await AttachmentStore.AccessAsync(session, parent, id, ctx.Caller) != ParentAccess.Change)
        {
            return ParentNotFound(parent, id);
        }

        var attachmentId = await AttachmentStore.AddAsync(session, parent, id, kind!.Value, form.FileName!, type!.ContentType, form.Content,
            form.Sha256, ctx.Caller.Id, ctx.Clock.UtcNow);
        await ctx.Audit.WriteAsync(session, "upload", "attachment", attachmentId,
            $"{parent.ToCode()} {id}: {kind.Value.ToCode()} {form.FileName} ({form.Content.Length} bytes, sha256 {form.Sha256})");
        var added = (await AttachmentStore.FindAsync(session, attachmentId))!.Value.File;
        await session.CommitAsync();
        return TypedResults.Created($"/api/attachments/{attachmentId}", added);
    }

    /// <summary>The bytes as they were uploaded, streamed from the database, offered as a download under the kept name.</summary>
    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> Download(long id, HttpResponse response, [AsParameters] ApiContext ctx)
    {
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        if (await FindReachableAsync(session, id, ctx.Caller) is not { } found)
        {
            return Problems.NotFound(Words.Format(Messages.AttachmentNotFound, id));
        }

        await ctx.Audit.WriteAsync(session, "download", "attachment", id, $"{found.File.ParentType} {found.File.ParentId}: {found.File.FileName}");
        await session.CommitAsync();
        response.ContentLength = found.File.Size;
        // The type was told from the content at upload; browsers must not guess another.
        response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Stream(async body =>
        {
            await using var content = await ctx.Db.OpenAsync(ctx.Ct);
            await AttachmentStore.CopyContentAsync(content, id, body);
        }, found.File.ContentType, found.File.FileName, entityTag: new EntityTagHeaderValue($"\"{found.File.Sha256}\""));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(long id, [AsParameters] ApiContext ctx)
    {
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        if (await FindReachableAsync(session, id, ctx.Caller) is not { } found)
        {
            return Problems.NotFound(Words.Format(Messages.AttachmentNotFound, id));
        }

        if (found.Access != ParentAccess.Change)
        {
            return Problems.Forbidden(Words.Format(Messages.AttachmentReadOnly, ParentName(found.Parent)));
        }

        await AttachmentStore.DeleteAsync(session, id);
        await ctx.Audit.WriteAsync(session, "delete", "attachment", id,
            $"{found.File.ParentType} {found.File.ParentId}: {found.File.Kind} {found.File.FileName} (sha256 {found.File.Sha256})");
        await session.CommitAsync();
        return TypedResults.NoContent();
    }

    /// <summary>The file when the caller reaches its parent; a file of a record they cannot see does not exist for them.</summary>
    private static async Task<(AttachmentParent Parent, AttachmentDto File, ParentAccess Access)?> FindReachableAsync(
        DbSession session, long id, Caller caller)
    {
        if (await AttachmentStore.FindAsync(session, id) is not { } found)
        {
            return null;
        }

        var access = await AttachmentStore.AccessAsync(session, found.Parent, found.File.ParentId, caller);
        return access == ParentAccess.None ? null : (found.Parent, found.File, access);
    }

    private static ProblemHttpResult ParentNotFound(AttachmentParent parent, long id) =>
        Problems.NotFound(Words.Format(Messages.AttachmentParentNotFound, ParentName(parent), id));

    private static ProblemHttpResult TooLarge(AttachmentOptions options) =>
        Problems.Problem(StatusCodes.Status413PayloadTooLarge, Messages.TitleTooLarge, Words.Format(Messages.AttachmentTooLarge, options.MaxMegabytes));

    private static string Refusal(UploadForm.Refusal refusal) => refusal switch
    {
        UploadForm.Refusal.NotMultipart => Messages.AttachmentMultipart,
        UploadForm.Refusal.NoFile => Messages.AttachmentFileMissing,
        _ => Messages.AttachmentEmpty,
    };

    private static string ParentName(AttachmentParent parent) => parent switch
    {
        AttachmentParent.Project => Messages.ParentProject,
        AttachmentParent.Review => Messages.ParentReview,
        AttachmentParent.Trip => Messages.ParentTrip,
        AttachmentParent.Instruction => Messages.ParentInstruction,
        _ => Messages.ParentUpdate,
    };
}
