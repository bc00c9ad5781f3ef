namespace Pipeline.Api.Features.Users;

public static class UserStore
{
    /// <summary>
    /// A user's columns; phone and email only where <c>@SeesContacts</c> (leaders, admins, security admins, the user) or the
    /// user is of the reader's unit (<c>@ReaderUnit</c>), decided in the query so that nothing else can leak them.
    /// </summary>
    private static readonly SqlText Columns = d => $"""
        u.id, u.user_name, u.display_name,
        COALESCE((SELECT {d.StringAgg("r.role")} FROM user_roles r WHERE r.user_id = u.id), '') AS RoleList,
        u.unit_id,
        CASE WHEN @SeesContacts = {d.True} OR u.id = @ReaderId OR u.unit_id = @ReaderUnit THEN u.phone END AS Phone,
        CASE WHEN @SeesContacts = {d.True} OR u.id = @ReaderId OR u.unit_id = @ReaderUnit THEN u.email END AS Email,
        CASE WHEN u.webhook_url IS NULL THEN 0 ELSE 1 END AS HasWebhook,
        u.webhook_kind, u.is_active, u.version
        """;

    /// <summary>Who is reading: whether they see every user's contact details, or only their own unit's.</summary>
    public sealed record Reader(long Id, long? UnitId, bool SeesContacts)
    {
        /// <summary>The app itself (sign-in, start-up): sees everything.</summary>
        public static readonly Reader System = new(0, null, true);

        public static Reader Of(Hosting.Caller caller) =>
            new(caller.Id, caller.UnitId, caller.Is(Domain.Accounts.Role.Admin | Domain.Accounts.Role.SecurityAdmin | Domain.Accounts.Role.Leader));
    }

    public static Task<UserDto?> FindAsync(DbSession session, long id) => FindAsync(session, id, Reader.System);

    /// <summary>Every user's display name by id, for <see cref="Units.NamesCache"/>.</summary>
    public static async Task<IReadOnlyDictionary<long, string>> NamesAsync(DbSession session) =>
        (await session.QueryAsync<(long Id, string Name)>("SELECT id, display_name FROM users")).ToDictionary(u => u.Id, u => u.Name);

    public static async Task<UserDto?> FindAsync(DbSession session, long id, Reader reader) =>
        (await session.QuerySingleOrDefaultAsync<UserRow>(d => $"SELECT {Columns(d)} FROM users u WHERE u.id = @id",
            new { id, reader.SeesContacts, ReaderId = reader.Id, ReaderUnit = reader.UnitId ?? -1 }))?.ToDto();

    public static async Task<(IReadOnlyList<UserDto> Items, long Total)> ListAsync(DbSession session, UserQuery query, Reader reader, int skip, int take)
    {
        var filter = new SqlFilter()
            .When(Like.Contains(query.Q), $"(u.user_name LIKE @Q {Like.Escape} OR u.display_name LIKE @Q {Like.Escape})", "Q")
            .When(query.UnitId, "u.unit_id = @UnitId", "UnitId")
            .When(query.Role, "EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = @Role)", "Role")
            .When(query.IsActive, "u.is_active = @IsActive", "IsActive");
        filter.Args.Add("SeesContacts", reader.SeesContacts);
        filter.Args.Add("ReaderId", reader.Id);
        filter.Args.Add("ReaderUnit", reader.UnitId ?? -1);
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
                password_changed_at = CASE WHEN @PasswordHash IS NULL THEN password_changed_at ELSE @now END,
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

    /// <summary>Whether a user other than <paramref name="exceptId"/> is active and holds <paramref name="role"/> (admin by default).</summary>
    public static async Task<bool> AnotherActiveAdminExistsAsync(DbSession session, long exceptId, string role = Domain.Accounts.Roles.Admin) =>
        await session.ExecuteScalarAsync<long>(d => $"""
            SELECT COUNT(*) FROM users u JOIN user_roles r ON r.user_id = u.id
            WHERE r.role = @role AND u.is_active = {d.True} AND u.id <> @exceptId
            """, new { exceptId, role }) > 0;

    /// <summary>Whether any account exists (the bootstrap admin is created only in an empty database).</summary>
    public static async Task<bool> AnyAsync(DbSession session) => await session.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users") > 0;

    /// <summary>The security stamp of an active account: tokens carry it, and a changed stamp revokes them.</summary>
    public static Task<string?> ActiveStampAsync(DbSession session, long userId) =>
        session.QuerySingleOrDefaultAsync<string>(d => $"SELECT security_stamp FROM users WHERE id = @userId AND is_active = {d.True}", new { userId });

    /// <summary>What a sign-in checks, by user name.</summary>
    public static Task<Credentials?> CredentialsAsync(DbSession session, string userName) =>
        session.QuerySingleOrDefaultAsync<Credentials>(d => $"""
            SELECT id, user_name, password_hash, security_stamp, unit_id, is_active
            FROM users WHERE {d.CaseFolded("user_name")} = {d.CaseFolded("@userName")}
            """, new { userName });

    public static Task<IReadOnlyList<string>> RolesAsync(DbSession session, long userId) =>
        session.QueryAsync<string>("SELECT role FROM user_roles WHERE user_id = @userId ORDER BY role", new { userId });

    /// <summary>A successful sign-in stores a stronger hash when one is due.</summary>
    public static Task SignedInAsync(DbSession session, long userId, string? rehash) => rehash is null
        ? Task.CompletedTask
        : session.ExecuteAsync("UPDATE users SET password_hash = @rehash WHERE id = @userId", new { userId, rehash });

    public static Task<string?> PasswordHashAsync(DbSession session, long userId) =>
        session.ExecuteScalarAsync<string>("SELECT password_hash FROM users WHERE id = @userId", new { userId });

    /// <summary>A new password, chosen by its user: no longer one that must be changed; the old one goes into the history.</summary>
    public static async Task SetPasswordAsync(DbSession session, long userId, string hash, string stamp, DateTime now)
    {
        await KeepOldPasswordAsync(session, userId, now);
        await session.ExecuteAsync(d => $"""
            UPDATE users SET password_hash = @hash, security_stamp = @stamp, must_change_password = {d.False}, password_changed_at = @now,
                updated_at = @now, version = version + 1
            WHERE id = @userId
            """, new { userId, hash, stamp, now });
    }

    /// <summary>Puts the current hash into the password history, before a change replaces it.</summary>
    public static Task KeepOldPasswordAsync(DbSession session, long userId, DateTime now) => session.ExecuteAsync("""
        INSERT INTO password_history (user_id, password_hash, replaced_at) SELECT id, password_hash, @now FROM users WHERE id = @userId
        """, new { userId, now });

    /// <summary>The current hash and the <paramref name="count"/> − 1 before it, newest first.</summary>
    public static async Task<IReadOnlyList<string>> RecentPasswordsAsync(DbSession session, long userId, int count)
    {
        if (count < 1)
        {
            return [];
        }

        var earlier = await session.QueryAsync<string>(d => $"""
            SELECT password_hash FROM password_history WHERE user_id = @userId ORDER BY id DESC {d.Limit(Math.Max(count - 1, 1))}
            """, new { userId });
        return [.. (await PasswordHashAsync(session, userId) is { } current ? [current] : Array.Empty<string>()), .. earlier.Take(count - 1)];
    }

    /// <summary>Marks a password that others have seen (the first admin's, printed to the log): its user must choose a new one.</summary>
    public static Task RequirePasswordChangeAsync(DbSession session, long userId) =>
        session.ExecuteAsync(d => $"UPDATE users SET must_change_password = {d.True} WHERE id = @userId", new { userId });

    /// <summary>
    /// Whether the user must choose a new password: one others have seen, or one older than the password expiry in effect
    /// (0: never), read in the same statement (<see cref="Security.SecuritySettings.Join"/>).
    /// </summary>
    public static async Task<bool> MustChangePasswordAsync(DbSession session, long userId, DateTime now, Security.SecuritySettings settings)
    {
        var state = await session.QuerySingleOrDefaultAsync<PasswordAge>($"""
            SELECT u.must_change_password AS MustChange, COALESCE(u.password_changed_at, u.created_at) AS ChangedAt, ss.password_expiry_days AS ExpiryDays
            FROM users u {Security.SecuritySettings.Join} WHERE u.id = @userId
            """, new { userId });
        var expiryDays = settings.PasswordExpiryDays(state?.ExpiryDays);
        return state is not null && (state.MustChange || (expiryDays > 0 && now - state.ChangedAt > TimeSpan.FromDays(expiryDays)));
    }

    private sealed class PasswordAge
    {
        public bool MustChange { get; init; }

        public DateTime ChangedAt { get; init; }

        public int? ExpiryDays { get; init; }
    }

    public sealed class Credentials
    {
        public long Id { get; init; }

        public string UserName { get; init; } = "";

        public string PasswordHash { get; init; } = "";

        public string SecurityStamp { get; init; } = "";

        public long? UnitId { get; init; }

        public bool IsActive { get; init; }
    }
}
