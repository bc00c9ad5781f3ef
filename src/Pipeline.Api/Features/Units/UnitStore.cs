namespace Pipeline.Api.Features.Units;

/// <summary>Units and their closure table (<c>unit_tree</c>), which answers "this unit and all below it" in one index lookup.</summary>
public static class UnitStore
{
    private const string Columns = "u.id, u.name, u.kind, u.parent_id, u.head_user_id, u.version";

    public static Task<UnitDto?> FindAsync(DbSession session, long id) =>
        session.QuerySingleOrDefaultAsync<UnitDto>($"SELECT {Columns} FROM units u WHERE u.id = @id", new { id });

    public static Task<(IReadOnlyList<UnitDto> Items, long Total)> ListAsync(DbSession session, UnitQuery query, int skip, int take)
    {
        var filter = new SqlFilter()
            .When(Like.Contains(query.Q), $"u.name LIKE @Q {Like.Escape}", "Q")
            .When(query.ParentId, "u.parent_id = @ParentId", "ParentId");
        return session.PageAsync<UnitDto>(Columns, "units u", filter, "u.id", skip, take);
    }

    /// <summary>Every unit's name by id, for <see cref="NamesCache"/>.</summary>
    public static async Task<IReadOnlyDictionary<long, string>> NamesAsync(DbSession session) =>
        (await session.QueryAsync<(long Id, string Name)>("SELECT id, name FROM units")).ToDictionary(u => u.Id, u => u.Name);

    public static async Task<long> InsertAsync(DbSession session, string name, UnitKind kind, long? parentId, DateTime now, long? headUserId = null)
    {
        var id = await session.InsertAsync("""
            INSERT INTO units (name, kind, parent_id, head_user_id, version, created_at, updated_at) VALUES (@name, @Kind, @parentId, @headUserId, 1, @now, @now)
            """, new { name, Kind = kind.ToCode(), parentId, headUserId, now });
        await session.ExecuteAsync("""
            INSERT INTO unit_tree (ancestor_id, descendant_id, depth)
            SELECT ancestor_id, @id, depth + 1 FROM unit_tree WHERE descendant_id = @parentId
            UNION ALL SELECT @id, @id, 0
            """, new { id, parentId });
        return id;
    }

    public static async Task<bool> UpdateAsync(DbSession session, long id, int expectedVersion, string name, UnitKind kind, long? parentId, long? headUserId, DateTime now) =>
        await session.ExecuteAsync("""
            UPDATE units SET name = @name, kind = @Kind, parent_id = @parentId, head_user_id = @headUserId, version = version + 1, updated_at = @now
            WHERE id = @id AND version = @expectedVersion
            """, new { id, expectedVersion, name, Kind = kind.ToCode(), parentId, headUserId, now }) == 1;

    public static async Task<bool> ExistsAsync(DbSession session, long id) =>
        await session.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM units WHERE id = @id", new { id }) > 0;

    /// <summary>Whether <paramref name="candidate"/> is <paramref name="unitId"/> itself or below it.</summary>
    public static async Task<bool> IsWithinAsync(DbSession session, long candidate, long unitId) =>
        await session.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM unit_tree WHERE ancestor_id = @unitId AND descendant_id = @candidate", new { unitId, candidate }) > 0;

    /// <summary>Re-hangs the subtree under <paramref name="unitId"/> below <paramref name="newParentId"/> (or at the top).</summary>
    public static async Task MoveAsync(DbSession session, long unitId, long? newParentId)
    {
        await session.ExecuteAsync("""
            DELETE FROM unit_tree
            WHERE descendant_id IN (SELECT descendant_id FROM unit_tree WHERE ancestor_id = @unitId)
              AND ancestor_id NOT IN (SELECT descendant_id FROM unit_tree WHERE ancestor_id = @unitId)
            """, new { unitId });
        if (newParentId is not null)
        {
            await session.ExecuteAsync("""
                INSERT INTO unit_tree (ancestor_id, descendant_id, depth)
                SELECT above.ancestor_id, below.descendant_id, above.depth + below.depth + 1
                FROM unit_tree above CROSS JOIN unit_tree below
                WHERE above.descendant_id = @newParentId AND below.ancestor_id = @unitId
                """, new { unitId, newParentId });
        }
    }
}
