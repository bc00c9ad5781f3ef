using Pipeline.Domain.Attachments;

namespace Pipeline.Api.Features.Attachments;

/// <summary><c>Pipeline:Attachments</c>: the files kept with projects, reviews, trips, instructions and updates.</summary>
public sealed class AttachmentOptions : ISettings
{
    public static string Section => "Pipeline:Attachments";

    /// <summary>The largest file taken, in megabytes.</summary>
    public int MaxMegabytes { get; set; } = 20;

    public long MaxBytes => MaxMegabytes * 1024L * 1024L;

    public IEnumerable<string> Problems()
    {
        if (MaxMegabytes is < 1 or > 1024)
        {
            yield return $"{Section}:MaxMegabytes must be from 1 to 1024 (it is {MaxMegabytes}).";
        }
    }
}

/// <summary>A kept file as lists show it; the bytes come from <c>GET /api/attachments/{id}</c>.</summary>
public sealed record AttachmentDto(
    long Id, string ParentType, long ParentId, string Kind, string KindName, string FileName, string ContentType, long Size, bool IsImage,
    string Sha256, long UploadedById, string? UploadedByName, DateTime UploadedAt);

/// <summary>How far a caller reaches a record files hang on: not at all (404), to read (403 on change), or to change.</summary>
public enum ParentAccess
{
    None,
    Read,
    Change,
}

/// <summary>The route segment of each parent, as API.md names them.</summary>
public static class AttachmentRoutes
{
    public static string Segment(this AttachmentParent parent) => parent switch
    {
        AttachmentParent.Project => "projects",
        AttachmentParent.Review => "reviews",
        AttachmentParent.Trip => "trips",
        AttachmentParent.Instruction => "instructions",
        _ => "updates",
    };
}
