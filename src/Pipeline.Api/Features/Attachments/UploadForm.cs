using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Pipeline.Domain.Attachments;

namespace Pipeline.Api.Features.Attachments;

/// <summary>
/// The fields of one upload: <c>kind</c> as text and <c>file</c> copied to a temporary file (deleted when disposed) while
/// its hash is taken, so that no upload is ever held in memory and nothing reaches the database before it is checked.
/// </summary>
public sealed class UploadForm : IAsyncDisposable
{
    public enum Refusal
    {
        NotMultipart,
        NoFile,
        Empty,
        TooLarge,
    }

    private const int KindLength = 64;

    private readonly FileStream _content;

    private UploadForm(FileStream content) => _content = content;

    public Refusal? Problem { get; private set; }

    public string? Kind { get; private set; }

    /// <summary>The name as kept (<see cref="AttachmentRules.SafeFileName"/>), or null when the upload gave none usable.</summary>
    public string? FileName { get; private set; }

    /// <summary>The file's first bytes, which tell its type.</summary>
    public byte[] Head { get; private set; } = [];

    public string Sha256 { get; private set; } = "";

    /// <summary>The file's bytes, at their start.</summary>
    public Stream Content => _content;

    public static async Task<UploadForm> ReadAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        var form = new UploadForm(new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous));
        try
        {
            await form.FillAsync(request, maxBytes, ct);
            return form;
        }
        catch
        {
            await form.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Whether a zip-based file is what its name says: an Office or WPS document holds <c>[Content_Types].xml</c>, an OFD
    /// document <c>OFD.xml</c>; any zip renamed to .docx is not one.
    /// </summary>
    public bool IsWellFormedContainer(DetectedType type)
    {
        var marker = type.Name == "OFD" ? "OFD.xml" : "[Content_Types].xml";
        try
        {
            using var zip = new ZipArchive(_content, ZipArchiveMode.Read, leaveOpen: true);
            return zip.Entries.Any(e => string.Equals(e.FullName, marker, StringComparison.OrdinalIgnoreCase));
        }
        catch (InvalidDataException)
        {
            return false;
        }
        finally
        {
            _content.Position = 0;
        }
    }

    public ValueTask DisposeAsync() => _content.DisposeAsync();

    private async Task FillAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
        {
            Problem = Refusal.NotMultipart;
            return;
        }

        var reader = new MultipartReader(boundary, request.Body);
        var sawFile = false;
        while (await reader.ReadNextSectionAsync(ct) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
            {
                continue;
            }

            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
            if (name == "kind" && disposition.IsFormDisposition())
            {
                Kind = await ReadTextAsync(section.Body, ct);
            }
            else if (name == "file" && !sawFile && disposition.IsFileDisposition())
            {
                sawFile = true;
                FileName = AttachmentRules.SafeFileName(disposition.FileNameStar.HasValue
                    ? disposition.FileNameStar.Value
                    : HeaderUtilities.RemoveQuotes(disposition.FileName).Value);
                if (!await CopyAsync(section.Body, maxBytes, ct))
                {
                    Problem = Refusal.TooLarge;
                    return;
                }
            }
        }

        Problem = !sawFile ? Refusal.NoFile : _content.Length == 0 ? Refusal.Empty : null;
    }

    /// <summary>Copies the file, hashing as it goes; false as soon as it passes the limit.</summary>
    private async Task<bool> CopyAsync(Stream body, long maxBytes, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(buffer, ct)) > 0)
        {
            if (_content.Length + read > maxBytes)
            {
                return false;
            }

            if (_content.Length < AttachmentRules.HeaderLength)
            {
                Head = [.. Head, .. buffer.AsSpan(0, Math.Min(read, AttachmentRules.HeaderLength - (int)_content.Length))];
            }

            hash.AppendData(buffer, 0, read);
            await _content.WriteAsync(buffer.AsMemory(0, read), ct);
        }

        Sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
        _content.Position = 0;
        return true;
    }

    private static async Task<string> ReadTextAsync(Stream body, CancellationToken ct)
    {
        using var text = new StreamReader(body, leaveOpen: true);
        var buffer = new char[KindLength];
        var read = await text.ReadBlockAsync(buffer, ct);
        return new string(buffer, 0, read).Trim();
    }
}
