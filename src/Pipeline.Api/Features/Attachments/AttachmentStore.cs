using Pipeline.Api.Features.Projects;
using Pipeline.Api.Features.Reviews;
using Pipeline.Api.Features.Units;
using Pipeline.Domain.Attachments;

namespace Pipeline.Api.Features.Attachments;

/// <summary>The <c>attachments</c> table: files kept in the database, so that a backup holds them and instances share them.</summary>
public static class AttachmentStore
{
    private const string Columns = """
        f.id, f.parent_type, f.parent_id, f.kind, f.file_name, f.content_type, f.size_bytes, f.sha256,
        f.uploaded_by, u.display_name AS UploadedByName, f.uploaded_at
        """;

    private const string From = "attachments f JOIN users u ON u.id = f.uploaded_by";

    /// <summary>
    /// How far the caller reaches the parent, decided in one statement by the same scopes that guard the parent itself:
    /// a project's (and its updates' and reviews') by <see cref="ProjectScope"/>, a trip's by its unit, an instruction's by
    /// its alert's unit (changed by whoever gave or answers it).
    /// </summary>
    public static async Task<ParentAccess> AccessAsync(DbSession session, AttachmentParent parent, long parentId, Caller caller)
    {
        var args = new DynamicParameters(new { ParentId = parentId });
        var (from, key, read, change) = parent switch
        {
            AttachmentParent.Project => ("projects p", "p.id", ProjectScope.Read(caller, args), ProjectScope.Write(caller, args)),
            AttachmentParent.Update => ("project_updates pu JOIN projects p ON p.id = pu.project_id", "pu.id", ProjectScope.Read(caller, args),
                ProjectScope.Write(caller, args)),
            AttachmentParent.Review => ("reviews r JOIN projects p ON p.id = r.project_id", "r.id", ReviewStore.ReadScope(caller, args),
                ProjectScope.Write(caller, args)),
            AttachmentParent.Trip => ("trips t", "t.id", UnitScope.Read(caller, args, "t.unit_id"), UnitScope.Write(caller, args, "t.unit_id")),
            _ => ("alert_instructions i JOIN alerts a ON a.id = i.alert_id", "i.id", UnitScope.Read(caller, args, "a.unit_id"),
                InstructionChange(caller, args)),
        };
        var changes = await session.QuerySingleOrDefaultAsync<int?>(
            $"SELECT CASE WHEN {change} THEN 1 ELSE 0 END FROM {from} WHERE {UnitScope.And($"{key} = @ParentId", read)}", args);
        return changes switch
        {
            null => ParentAccess.None,
            1 => ParentAccess.Change,
            _ => ParentAccess.Read,
        };
    }

    public static async Task<IReadOnlyList<AttachmentDto>> ListAsync(DbSession session, AttachmentParent parent, long parentId) =>
        (await session.QueryAsync<AttachmentRow>(
            $"SELECT {Columns} FROM {From} WHERE f.parent_type = @ParentType AND f.parent_id = @ParentId ORDER BY f.id",
            new { ParentType = parent.ToCode(), ParentId = parentId })).Select(Dto).ToList();

    /// <summary>The file's record, or null; whether the caller may reach it is <see cref="AccessAsync"/> on its parent.</summary>
    public static async Task<(AttachmentParent Parent, AttachmentDto File)?> FindAsync(DbSession session, long id) =>
        await session.QuerySingleOrDefaultAsync<AttachmentRow>($"SELECT {Columns} FROM {From} WHERE f.id = @id", new { id }) is { } row
            ? (Enum.Parse<AttachmentParent>(row.ParentType, ignoreCase: true), Dto(row))
            : null;

    /// <summary>Adds the file's record with room for its bytes, then copies them in a buffer at a time.</summary>
    public static async Task<long> AddAsync(DbSession session, AttachmentParent parent, long parentId, AttachmentKind kind, string fileName,
        string contentType, Stream content, string sha256, long uploadedBy, DateTime now)
    {
        var id = await session.InsertAsync(d => $"""
            INSERT INTO attachments (parent_type, parent_id, kind, file_name, content_type, size_bytes, sha256, content, uploaded_by, uploaded_at)
            VALUES (@ParentType, @ParentId, @Kind, @FileName, @ContentType, @SizeBytes, @Sha256, {d.EmptyBlob("@SizeBytes")}, @UploadedBy, @UploadedAt)
            """,
            new
            {
                ParentType = parent.ToCode(), ParentId = parentId, Kind = kind.ToCode(), FileName = fileName, ContentType = contentType,
                SizeBytes = content.Length, Sha256 = sha256, UploadedBy = uploadedBy, UploadedAt = now,
            });
        await session.WriteBlobAsync("attachments", "content", id, content);
        return id;
    }

    /// <summary>Copies the file's bytes to <paramref name="destination"/> as they are read, never holding the whole file.</summary>
    public static async Task CopyContentAsync(DbSession session, long id, Stream destination)
    {
        await session.ReadSequentiallyAsync("SELECT id, content FROM attachments WHERE id = @id", new { id }, async row =>
        {
            await using var content = row.GetStream(1);
            await content.CopyToAsync(destination, session.CancellationToken);
        });
    }

    public static async Task<bool> DeleteAsync(DbSession session, long id) =>
        await session.ExecuteAsync("DELETE FROM attachments WHERE id = @id", new { id }) == 1;

    /// <summary>Who changes an instruction's files: whoever gave it, whoever answers it, the project's leader, the alert's unit, admins.</summary>
    private static string InstructionChange(Caller caller, DynamicParameters args)
    {
        if (caller.IsAdmin)
        {
            return "1 = 1";
        }

        args.Add("ScopeUserId", caller.Id);
        var own = "i.issued_by = @ScopeUserId OR a.responsible_user_id = @ScopeUserId OR a.leader_id = @ScopeUserId";
        return UnitScope.StaffUnits(caller, args, "a.unit_id") is { } unit ? $"({own} OR {unit})" : $"({own})";
    }

    private static AttachmentDto Dto(AttachmentRow row)
    {
        var kind = Enum.Parse<AttachmentKind>(row.Kind, ignoreCase: true);
        return new AttachmentDto(row.Id, row.ParentType, row.ParentId, row.Kind, kind.Chinese(), row.FileName, row.ContentType, row.SizeBytes,
            row.ContentType.StartsWith("image/", StringComparison.Ordinal), row.Sha256, row.UploadedBy, row.UploadedByName, row.UploadedAt);
    }

    private sealed class AttachmentRow
    {
        public long Id { get; init; }

        public string ParentType { get; init; } = "";

        public long ParentId { get; init; }

        public string Kind { get; init; } = "";

        public string FileName { get; init; } = "";

        public string ContentType { get; init; } = "";

        public long SizeBytes { get; init; }

        public string Sha256 { get; init; } = "";

        public long UploadedBy { get; init; }

        public string? UploadedByName { get; init; }

        public DateTime UploadedAt { get; init; }
    }
}
