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

    /// <summary>The changes an admin makes to an account; a null hash or stamp keeps the current one.</summary>
    public sealed record Change(
        string DisplayName, long? UnitId, string? Phone, string? Email, bool IsActive, string? PasswordHash, string? SecurityStamp,
        bool WebhookChanged, string? WebhookUrl, string? WebhookKind);

    public static async Task<bool> UpdateAsync(DbSession session, long id, int expectedVersion, Change change, DateTime now) =>
        await session.ExecuteAsync(d => $"""
            UPDATE users SET display_name = @DisplayName, unit_id = @UnitId, phone = @Phone, email = @Email, is_active = @IsActive,
                password_hash = CASE WHEN @PasswordHash IS NULL THEN password_hash ELSE @PasswordHash END,
                security_stamp = CASE WHEN @SecurityStamp IS NULL THEN security_stamp ELSE @SecurityStamp END,
                failed_sign_ins = CASE WHEN @PasswordHash IS NULL THEN failed_sign_ins ELSE 0 END,
                locked_until = CASE WHEN @PasswordHash IS NULL THEN locked_until ELSE NULL END,
                webhook_url = CASE WHEN @WebhookChanged = {d.True} THEN @WebhookUrl ELSE webhook_url END,
                webhook_kind = CASE WHEN @WebhookChanged = {d.True} AND @WebhookUrl IS NULL THEN NULL ELSE @WebhookKind END,
                version = version + 1, updated_at = @now
            WHERE id = @id AND version = @expectedVersion
            """,
            new
            {
                id, expectedVersion, now, change.DisplayName, change.UnitId, change.Phone, change.Email, change.IsActive, change.PasswordHash,
                change.SecurityStamp, change.WebhookChanged, change.WebhookUrl, change.WebhookKind,
            }) == 1;

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

    /// <summary>Whether any account exists (the bootstrap admin is created only in an empty database).</summary>
    public static async Task<bool> AnyAsync(DbSession session) => await session.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users") > 0;

    /// <summary>The security stamp of an active account: tokens carry it, and a changed stamp revokes them.</summary>
    public static Task<string?> ActiveStampAsync(DbSession session, long userId) =>
        session.QuerySingleOrDefaultAsync<string>(d => $"SELECT security_stamp FROM users WHERE id = @userId AND is_active = {d.True}", new { userId });

    /// <summary>What a sign-in checks, by user name.</summary>
    public static Task<Credentials?> CredentialsAsync(DbSession session, string userName) =>
        session.QuerySingleOrDefaultAsync<Credentials>(d => $"""
            SELECT id, user_name, password_hash, security_stamp, unit_id, is_active, locked_until
            FROM users WHERE {d.CaseFolded("user_name")} = {d.CaseFolded("@userName")}
            """, new { userName });

    public static Task<IReadOnlyList<string>> RolesAsync(DbSession session, long userId) =>
        session.QueryAsync<string>("SELECT role FROM user_roles WHERE user_id = @userId ORDER BY role", new { userId });

    /// <summary>A successful sign-in clears the failure count and the lock, and stores a stronger hash when one is due.</summary>
    public static Task SignedInAsync(DbSession session, long userId, string? rehash) => session.ExecuteAsync("""
        UPDATE users SET failed_sign_ins = 0, locked_until = NULL,
            password_hash = CASE WHEN @rehash IS NULL THEN password_hash ELSE @rehash END
        WHERE id = @userId
        """, new { userId, rehash });

    /// <summary>
    /// Counts a failed sign-in in one atomic statement (so concurrent failures all count) and locks the account until
    /// <paramref name="lockUntil"/> at the <paramref name="max"/>th in a row; returns the lock, if the account is locked.
    /// </summary>
    public static async Task<DateTime?> FailedSignInAsync(DbSession session, long userId, int max, DateTime lockUntil)
    {
        await session.ExecuteAsync("""
            UPDATE users SET
                locked_until = CASE WHEN failed_sign_ins + 1 >= @max THEN @lockUntil ELSE locked_until END,
                failed_sign_ins = CASE WHEN failed_sign_ins + 1 >= @max THEN 0 ELSE failed_sign_ins + 1 END
            WHERE id = @userId
            """, new { userId, max, lockUntil });
        return await session.ExecuteScalarAsync<DateTime?>("SELECT locked_until FROM users WHERE id = @userId", new { userId });
    }

    public static Task<string?> PasswordHashAsync(DbSession session, long userId) =>
        session.ExecuteScalarAsync<string>("SELECT password_hash FROM users WHERE id = @userId", new { userId });

    /// <summary>A new password, chosen by its user: no longer one that must be changed.</summary>
    public static Task SetPasswordAsync(DbSession session, long userId, string hash, string stamp, DateTime now) => session.ExecuteAsync(d => $"""
        UPDATE users SET password_hash = @hash, security_stamp = @stamp, must_change_password = {d.False}, updated_at = @now, version = version + 1
        WHERE id = @userId
        """, new { userId, hash, stamp, now });

    /// <summary>Marks a password that others have seen (the first admin's, printed to the log): its user must choose a new one.</summary>
    public static Task RequirePasswordChangeAsync(DbSession session, long userId) =>
        session.ExecuteAsync(d => $"UPDATE users SET must_change_password = {d.True} WHERE id = @userId", new { userId });

    public static Task<bool> MustChangePasswordAsync(DbSession session, long userId) =>
        session.ExecuteScalarAsync<bool>("SELECT must_change_password FROM users WHERE id = @userId", new { userId });

    public sealed class Credentials
    {
        public long Id { get; init; }

        public string UserName { get; init; } = "";

        public string PasswordHash { get; init; } = "";

        public string SecurityStamp { get; init; } = "";

        public long? UnitId { get; init; }

        public bool IsActive { get; init; }

        public DateTime? LockedUntil { get; init; }
    }
}
