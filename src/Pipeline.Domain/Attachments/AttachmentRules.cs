namespace Pipeline.Domain.Attachments;

/// <summary>The records a file can be attached to.</summary>
public enum AttachmentParent
{
    Project,
    Review,
    Trip,
    Instruction,
    Update,
}

/// <summary>What a file is: the documents that prove what happened to a project.</summary>
public enum AttachmentKind
{
    /// <summary>正式合同.</summary>
    Contract,

    /// <summary>补充协议.</summary>
    Supplement,

    /// <summary>可研报告.</summary>
    Feasibility,

    /// <summary>环评.</summary>
    EnvironmentalAssessment,

    /// <summary>能评.</summary>
    EnergyAssessment,

    /// <summary>现场照片: proof that a start is real.</summary>
    SitePhoto,

    /// <summary>走访记录.</summary>
    VisitRecord,

    /// <summary>批示办理反馈.</summary>
    InstructionAnswer,

    /// <summary>其他.</summary>
    Other,
}

/// <summary>A file type told from the file's first bytes, with the extension it is allowed to carry.</summary>
public sealed record DetectedType(string ContentType, string Name, bool IsImage, bool IsZipContainer);

public static class AttachmentRules
{
    /// <summary>How many leading bytes <see cref="Detect"/> needs.</summary>
    public const int HeaderLength = 16;

    public static string Chinese(this AttachmentKind kind) => kind switch
    {
        AttachmentKind.Contract => "正式合同",
        AttachmentKind.Supplement => "补充协议",
        AttachmentKind.Feasibility => "可研报告",
        AttachmentKind.EnvironmentalAssessment => "环评",
        AttachmentKind.EnergyAssessment => "能评",
        AttachmentKind.SitePhoto => "现场照片",
        AttachmentKind.VisitRecord => "走访记录",
        AttachmentKind.InstructionAnswer => "批示办理反馈",
        _ => "其他",
    };

    public static string Chinese(this AttachmentParent parent) => parent switch
    {
        AttachmentParent.Project => "项目",
        AttachmentParent.Review => "预审",
        AttachmentParent.Trip => "外出招商",
        AttachmentParent.Instruction => "批示",
        _ => "月度调度",
    };

    /// <summary>The kinds each record takes: a contract belongs to a project, an assessment to its review, and so on.</summary>
    public static IReadOnlyList<AttachmentKind> KindsFor(AttachmentParent parent) => parent switch
    {
        AttachmentParent.Project => [AttachmentKind.Contract, AttachmentKind.Supplement, AttachmentKind.SitePhoto, AttachmentKind.Other],
        AttachmentParent.Review =>
            [AttachmentKind.Feasibility, AttachmentKind.EnvironmentalAssessment, AttachmentKind.EnergyAssessment, AttachmentKind.Contract, AttachmentKind.Other],
        AttachmentParent.Trip => [AttachmentKind.VisitRecord, AttachmentKind.SitePhoto, AttachmentKind.Other],
        AttachmentParent.Instruction => [AttachmentKind.InstructionAnswer, AttachmentKind.SitePhoto, AttachmentKind.Other],
        _ => [AttachmentKind.SitePhoto, AttachmentKind.Other],
    };

    /// <summary>
    /// The type of a file from its first bytes and the extension of its name: PDF, JPEG, PNG, GIF, WebP and HEIC images,
    /// Office and WPS files old (OLE2: doc, xls, ppt, wps, et, dps) and new (zip: docx, xlsx, pptx), and OFD. Null for
    /// anything else, and for content whose name claims another type — an executable renamed to .pdf is refused.
    /// </summary>
    public static DetectedType? Detect(ReadOnlySpan<byte> head, string fileName) =>
        (SignatureOf(head), Path.GetExtension(fileName).TrimStart('.').ToLowerInvariant()) switch
        {
            (Signature.Pdf, "pdf") => new("application/pdf", "PDF", false, false),
            (Signature.Jpeg, "jpg" or "jpeg") => new("image/jpeg", "JPEG", true, false),
            (Signature.Png, "png") => new("image/png", "PNG", true, false),
            (Signature.Gif, "gif") => new("image/gif", "GIF", true, false),
            (Signature.WebP, "webp") => new("image/webp", "WebP", true, false),
            (Signature.Heic, "heic" or "heif") => new("image/heic", "HEIC", true, false),
            (Signature.Ole2, "doc" or "wps") => new("application/msword", "Word/WPS 文字", false, false),
            (Signature.Ole2, "xls" or "et") => new("application/vnd.ms-excel", "Excel/WPS 表格", false, false),
            (Signature.Ole2, "ppt" or "dps") => new("application/vnd.ms-powerpoint", "PowerPoint/WPS 演示", false, false),
            (Signature.Zip, "docx") => new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word", false, true),
            (Signature.Zip, "xlsx") => new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel", false, true),
            (Signature.Zip, "pptx") => new("application/vnd.openxmlformats-officedocument.presentationml.presentation", "PowerPoint", false, true),
            (Signature.Zip, "ofd") => new("application/ofd", "OFD", false, true),
            _ => null,
        };

    /// <summary>
    /// A file name safe to keep and to send back: the last path segment, without control characters, quotes or the
    /// characters Windows forbids, at most 200 characters; null when nothing is left.
    /// </summary>
    public static string? SafeFileName(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName))
        {
            return null;
        }

        var name = fileName.Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var kept = new string(name.Where(c => !char.IsControl(c) && "\"<>:|?*".IndexOf(c) < 0).ToArray()).Trim().Trim('.');
        if (kept.Length > 200)
        {
            var extension = Path.GetExtension(kept);
            kept = kept[..(200 - extension.Length)] + extension;
        }

        return kept.Length == 0 ? null : kept;
    }

    private enum Signature
    {
        None,
        Pdf,
        Jpeg,
        Png,
        Gif,
        WebP,
        Heic,
        Ole2,
        Zip,
    }

    private static ReadOnlySpan<byte> JpegStart => [0xFF, 0xD8, 0xFF];

    private static ReadOnlySpan<byte> PngStart => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> Ole2Start => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    private static ReadOnlySpan<byte> ZipStart => [0x50, 0x4B, 0x03, 0x04];

    private static Signature SignatureOf(ReadOnlySpan<byte> head) => head switch
    {
        _ when head.StartsWith("%PDF-"u8) => Signature.Pdf,
        _ when head.StartsWith(JpegStart) => Signature.Jpeg,
        _ when head.StartsWith(PngStart) => Signature.Png,
        _ when head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8) => Signature.Gif,
        _ when head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8) => Signature.WebP,
        _ when head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8) && IsHeicBrand(head[8..12]) => Signature.Heic,
        _ when head.StartsWith(Ole2Start) => Signature.Ole2,
        _ when head.StartsWith(ZipStart) => Signature.Zip,
        _ => Signature.None,
    };

    private static bool IsHeicBrand(ReadOnlySpan<byte> brand) =>
        brand.SequenceEqual("heic"u8) || brand.SequenceEqual("heix"u8) || brand.SequenceEqual("mif1"u8) || brand.SequenceEqual("msf1"u8);
}
