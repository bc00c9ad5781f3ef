using Riok.Mapperly.Abstractions;

namespace Pipeline.Api.Features.Users;

/// <summary>A user. The webhook URL holds a robot's secret key, so only whether there is one is shown.</summary>
public sealed record UserDto(
    long Id, string UserName, string DisplayName, IReadOnlyList<string> Roles, long? UnitId, string? Phone, string? Email,
    bool HasWebhook, string? WebhookKind, bool IsActive, int Version) : Hosting.IVersioned;

public sealed record CreateUser(
    string? UserName, string? DisplayName, string? Password, IReadOnlyList<string>? Roles, long? UnitId, string? Phone, string? Email,
    string? WebhookUrl = null, string? WebhookKind = null);

public sealed record NewUser(
    string UserName, string DisplayName, string PasswordHash, IReadOnlyList<string> Roles, long? UnitId, string? Phone, string? Email,
    string? WebhookUrl = null, string? WebhookKind = null);

public sealed record UserQuery(string? Q, long? UnitId, string? Role, bool? IsActive, int? Page, int? PageSize);

/// <summary>Stands for a user in <c>PasswordHasher&lt;TUser&gt;</c>, which needs a type but never reads it.</summary>
public sealed class Account
{
    public static readonly Account Instance = new();

    private Account()
    {
    }
}

public sealed class UserRow
{
    public long Id { get; init; }

    public string UserName { get; init; } = "";

    public string DisplayName { get; init; } = "";

    public string? RoleList { get; init; }

    public long? UnitId { get; init; }

    public string? Phone { get; init; }

    public string? Email { get; init; }

    public bool HasWebhook { get; init; }

    public string? WebhookKind { get; init; }

    public bool IsActive { get; init; }

    public int Version { get; init; }
}

[Mapper]
public static partial class UserMapper
{
    [MapProperty(nameof(UserRow.RoleList), nameof(UserDto.Roles))]
    public static partial UserDto ToDto(this UserRow row);

    private static IReadOnlyList<string> SplitRoles(string? roles) =>
        (roles ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();
}
