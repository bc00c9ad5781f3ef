using Pipeline.Domain.Accounts;
using Riok.Mapperly.Abstractions;

namespace Pipeline.Api.Features.Users;

/// <summary>A user. The webhook URL holds a robot's secret key, so only whether there is one is shown.</summary>
public sealed record UserDto(
    long Id, string UserName, string DisplayName, IReadOnlyList<string> Roles, long? UnitId, string? Phone, string? Email,
    bool HasWebhook, string? WebhookKind, bool IsActive, int Version) : Hosting.IVersioned;

public sealed record CreateUser(
    string? UserName, string? DisplayName, string? Password, IReadOnlyList<string>? Roles, long? UnitId, string? Phone, string? Email,
    string? WebhookUrl = null, string? WebhookKind = null) : ICheckedRequest
{
    public void Check(Checks checks, DateOnly today)
    {
        checks.Text("userName", UserName, 64, required: true)
            .Text("displayName", DisplayName, 100, required: true)
            .Required("password", Password)
            .When(UserName is { Length: > 0 } name && !UserChecks.IsUserName(name.Trim()), "userName",
                Messages.UserNameRule);
        UserChecks.Password(checks, Password);
        UserChecks.RolesAndContact(checks, Roles, UnitId, Phone, Email);
    }
}

/// <summary>What makes a user's fields valid, on creation and on every change.</summary>
public static partial class UserChecks
{
    public static bool IsUserName(string name) => UserNamePattern().IsMatch(name);

    public static Checks Password(Checks checks, string? password) =>
        password is not null && PasswordPolicy.Problem(password) is { } weak ? checks.Add("password", weak) : checks;

    public static Checks RolesAndContact(Checks checks, IReadOnlyList<string>? roles, long? unitId, string? phone, string? email)
    {
        if (roles is not null)
        {
            foreach (var role in roles.Where(r => Domain.Accounts.Roles.Parse(r) == Role.None))
            {
                checks.Add("roles", Words.Format(Messages.NotARole, role, Words.List(Domain.Accounts.Roles.All)));
            }

            checks.When(roles.Contains(Domain.Accounts.Roles.Staff) && unitId is null, "unitId", Messages.StaffNeedUnit);
            if (Domain.Accounts.Roles.SeparationProblem(roles) is { } combined)
            {
                checks.Add("roles", combined);
            }
        }

        return checks.Phone("phone", phone).Text("email", email, 200)
            .When(email is { Length: > 0 } e && !e.Contains('@', StringComparison.Ordinal), "email", Messages.NotAnEmail);
    }

    /// <summary>A robot's address: https, to a host of <c>Pipeline:Webhooks:AllowedHosts</c> (WeCom's and DingTalk's by default).</summary>
    public static Checks Webhook(Checks checks, string? url, string? kind, IReadOnlyCollection<string> hosts) => checks.Text("webhookUrl", url, 500)
        .When(url is not null && !Notifications.WebhookSender.IsAllowed(url, hosts), "webhookUrl",
            Words.Format(Messages.WebhookNotAllowed, string.Join(", ", hosts)))
        .When(kind is not null && !Notifications.WebhookSender.Kinds.Contains(kind), "webhookKind",
            Words.Format(Messages.UseOneOf, Words.List(Notifications.WebhookSender.Kinds)));

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9._@-]{3,64}$")]
    private static partial System.Text.RegularExpressions.Regex UserNamePattern();
}

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
