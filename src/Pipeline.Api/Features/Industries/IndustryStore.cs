namespace Pipeline.Api.Features.Industries;

/// <summary>The industry catalogue (GB/T 4754 codes), with the city's priority chains marked.</summary>
public static class IndustryStore
{
    private const string Columns = "i.code, i.name, i.parent_code, i.is_priority, i.version";

    public static Task<IndustryDto?> FindAsync(DbSession session, string code) =>
        session.QuerySingleOrDefaultAsync<IndustryDto>($"SELECT {Columns} FROM industries i WHERE i.code = @code", new { code });

    public static Task<(IReadOnlyList<IndustryDto> Items, long Total)> ListAsync(DbSession session, IndustryQuery query, int skip, int take)
    {
        var filter = new SqlFilter()
            .When(Like.Contains(query.Q), $"(i.name LIKE @Q {Like.Escape} OR i.code LIKE @Q {Like.Escape})", "Q")
            .When(query.ParentCode, "i.parent_code = @ParentCode", "ParentCode")
            .When(query.IsPriority, "i.is_priority = @IsPriority", "IsPriority");
        return session.PageAsync<IndustryDto>(Columns, "industries i", filter, "i.code", skip, take);
    }

    public static Task InsertAsync(DbSession session, string code, string name, string? parentCode, bool isPriority, DateTime now) => session.ExecuteAsync("""
        INSERT INTO industries (code, name, parent_code, is_priority, version, created_at, updated_at)
        VALUES (@code, @name, @parentCode, @isPriority, 1, @now, @now)
        """, new { code, name, parentCode, isPriority, now });

    public static async Task<bool> UpdateAsync(DbSession session, string code, int expectedVersion, string name, string? parentCode, bool isPriority, DateTime now) =>
        await session.ExecuteAsync("""
            UPDATE industries SET name = @name, parent_code = @parentCode, is_priority = @isPriority, version = version + 1, updated_at = @now
            WHERE code = @code AND version = @expectedVersion
            """, new { code, expectedVersion, name, parentCode, isPriority, now }) == 1;
}
