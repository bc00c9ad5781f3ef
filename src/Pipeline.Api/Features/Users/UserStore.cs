using Pipeline.Api.Data;

namespace Pipeline.Api.Features.Users;

public static class UserStore
{
    private static readonly SqlText Columns = d => $"""
        u.id, u.user_name, u.display_name,
        COALESCE((SELECT {d.StringAgg("r.role")} FROM user_roles r WHERE r.user_id = u.id), '') AS RoleList,
        u.unit_id, u.phone, u.email, CASE WHEN u.webhook_url IS NULL THEN 0 ELSE 1 END AS HasWebhook,
        u.webhook_kind, u.is_active, u.version
        """;

    public static async Task<UserDto?> FindAsync(DbSession session, long id) =>
        (await session.QuerySingleOrDefaultAsync<UserRow>(d => $"SELECT {Columns(d)} FROM users u WHERE u.id = @id", new { id }))?.ToDto();

    public static async Task<(IReadOnlyList<UserDto> Items, long Total)> ListAsync(DbSession session, UserQuery query, int skip, int take)
    {
        var filter = new SqlFilter()
            .When(Like.Contains(query.Q), $"(u.user_name LIKE @Q {Like.Escape} OR u.display_name LIKE @Q {Like.Escape})", "Q")
            .When(query.UnitId, "u.unit_id = @UnitId", "UnitId")
            .When(query.Role, "EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = @Role)", "Role")
            .When(query.IsActive, "u.is_active = @IsActive", "IsActive");
        var (rows, total) = await session.PageAsync<UserRow>(Columns, "users u", filter, "u.id", skip, take);
        return (rows.Select(r => r.ToDto()).ToList(), total);
    }

    public static async Task<long> InsertAsync(DbSession session, NewUser user, DateTime now)
    {
        var id = await session.InsertAsync(d => $"""
            INSERT INTO users (user_name, display_name, password_hash, security_stamp, unit_id, phone, email, webhook_url, webhook_kind,
                is_active, failed_sign_ins, version, created_at, updated_at)
            VALUES (@UserName, @DisplayName, @PasswordHash, @Stamp, @UnitId, @Phone, @Email, @WebhookUrl, @WebhookKind, {d.True}, 0, 1, @now, @now)
            """, new { user.UserName, user.DisplayName, user.PasswordHash, Stamp = Auth.UserStamps.NewStamp(), user.UnitId, user.Phone, user.Email, user.WebhookUrl, user.WebhookKind, now });
        await ReplaceRolesAsync(session, id, user.Roles);
        return id;
    }

    public static async Task ReplaceRolesAsync(DbSession session, long userId, IEnumerable<string> roles)
    {
        await session.ExecuteAsync("DELETE FROM user_roles WHERE user_id = @userId", new { userId });
        await session.ExecuteAsync("INSERT INTO user_roles (user_id, role) VALUES (@userId, @role)",
            roles.Distinct().Select(role => new { userId, role }));
    }

    /// <summary>Whether a user other than <paramref name="exceptId"/> is an active admin.</summary>
    public static async Task<bool> AnotherActiveAdminExistsAsync(DbSession session, long exceptId) =>
        await session.ExecuteScalarAsync<long>(d => $"""
            SELECT COUNT(*) FROM users u JOIN user_roles r ON r.user_id = u.id
            WHERE r.role = 'admin' AND u.is_active = {d.True} AND u.id <> @exceptId
            """, new { exceptId }) > 0;
}
