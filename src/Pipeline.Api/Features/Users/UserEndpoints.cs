using Microsoft.AspNetCore.Identity;
using Pipeline.Api.Features.Auth;
using Pipeline.Api.Features.Notifications;
using Pipeline.Api.Features.Units;
using Pipeline.Domain.Accounts;

namespace Pipeline.Api.Features.Users;

/// <summary>
/// User accounts: the system administrator (admin) keeps accounts, units and contact details; only the security
/// administrator (securityAdmin) grants or changes roles (三员分立), and nobody holds auditor with either.
/// </summary>
public static class UserEndpoints
{
    public static void MapUsers(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users");
        users.MapGet("", List).WithSummary("查询用户");
        users.MapGet("/{id:long}", Get).WithSummary("查看用户").WithName("GetUser");
        users.MapPost("", Create).WithSummary("新建用户").RequireAuthorization(Policies.Accounts);
        users.MapPatch("/{id:long}", Update).WithSummary("修改用户").RequireAuthorization(Policies.Accounts);
        users.MapPost("/{id:long}/unlock", Unlock).WithSummary("解除登录锁定").RequireAuthorization(Policies.Accounts);
    }

    private static Task<Results<Ok<Paged<UserDto>>, ProblemHttpResult>> List([AsParameters] UserQuery query, [AsParameters] ApiContext ctx) =>
        Responses.PageAsync(ctx.Db, query.Page, query.PageSize,
            (session, page) => UserStore.ListAsync(session, query, UserStore.Reader.Of(ctx.Caller), page.Skip, page.Take), ctx.Ct);

    private static Task<Results<Ok<UserDto>, ProblemHttpResult>> Get(long id, [AsParameters] ApiContext ctx, HttpResponse response) =>
        Responses.FoundAsync(ctx.Db, session => UserStore.FindAsync(session, id, UserStore.Reader.Of(ctx.Caller)), response, () => NotFound(id), ctx.Ct);

    /// <summary>Clears the account's sign-in locks for every client address (and the growing delays with them).</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> Unlock(long id, [AsParameters] ApiContext ctx)
    {
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        if (await UserStore.FindAsync(session, id) is null)
        {
            return Problems.NotFound(NotFound(id));
        }

        var cleared = await SignInLocks.UnlockAsync(session, id);
        await ctx.Audit.WriteAsync(session, "unlock", "user", id, $"{cleared} client address(es)");
        await session.CommitAsync();
        return TypedResults.NoContent();
    }

    /// <summary>Who may do what to an account: keeping it is the admin's, its roles the security admin's; null when allowed.</summary>
    private static ProblemHttpResult? Refusal(Caller caller, bool changesRoles, bool changesAccount)
    {
        if (changesRoles && !caller.Is(Role.SecurityAdmin))
        {
            return Problems.Forbidden(Messages.GrantNeedsSecurityAdmin);
        }

        return changesAccount && !caller.IsAdmin
            ? Problems.Forbidden(Words.Format(Messages.NeedsRoles, Roles.DisplayName(Roles.Admin)))
            : null;
    }

    private static async Task<Results<CreatedAtRoute<UserDto>, ProblemHttpResult>> Create(
        CreateUser request, [AsParameters] ApiContext ctx, IPasswordHasher<Account> hasher, IOptions<WebhookOptions> webhooks, HttpResponse response)
    {
        if (UserChecks.Webhook(new Checks(), request.WebhookUrl, request.WebhookKind, webhooks.Value.Hosts) is { Ok: false } invalid)
        {
            return invalid.Problem();
        }

        if (Refusal(ctx.Caller, request.Roles is { Count: > 0 }, changesAccount: true) is { } refused)
        {
            return refused;
        }

        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        if (request.UnitId is { } unitId && !await UnitStore.ExistsAsync(session, unitId))
        {
            return Problems.Invalid("unitId", Words.Format(Messages.UnitNotFound, unitId));
        }

        var newUser = new NewUser(
            request.UserName!.Trim(), request.DisplayName!.Trim(), hasher.HashPassword(Account.Instance, request.Password!),
            request.Roles ?? [], request.UnitId, request.Phone, request.Email, request.WebhookUrl,
            request.WebhookUrl is null ? null : request.WebhookKind ?? "json");
        if (await session.UnlessDuplicateAsync(() => UserStore.InsertAsync(session, newUser, ctx.Clock.UtcNow)) is not { } id)
        {
            return Problems.Conflict("user.duplicateUserName", Words.Format(Messages.UserNameTaken, request.UserName!.Trim()));
        }

        await ctx.Audit.WriteAsync(session, "create", "user", id, $"roles {string.Join(",", request.Roles ?? [])}");
        var user = (await UserStore.FindAsync(session, id))!;
        return await Responses.CommitCreatedAsync(session, response, user, "GetUser", new { id });
    }

    private static async Task<Results<Ok<UserDto>, ProblemHttpResult>> Update(
        long id, Patch patch, IfMatch ifMatch, [AsParameters] ApiContext ctx, IPasswordHasher<Account> hasher, UserStamps stamps,
        IOptions<WebhookOptions> webhooks, HttpResponse response)
    {
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        var current = await UserStore.FindAsync(session, id);
        if (current is null)
        {
            return Problems.NotFound(NotFound(id));
        }

        patch.Allow("displayName", "roles", "unitId", "phone", "email", "isActive", "password", "webhookUrl", "webhookKind");
        var displayName = patch.Or("displayName", current.DisplayName, clearable: false);
        var roles = patch.Or("roles", current.Roles, clearable: false);
        var unitId = patch.Or("unitId", current.UnitId);
        var phone = patch.Or("phone", current.Phone);
        var email = patch.Or("email", current.Email);
        var isActive = patch.Or("isActive", current.IsActive, clearable: false);
        var password = patch.Has("password") ? patch.Get<string>("password", clearable: false) : null;
        var webhookUrl = patch.Has("webhookUrl") ? patch.Get<string>("webhookUrl") : null;
        var webhookKind = patch.Or("webhookKind", current.WebhookKind);
        var checks = UserChecks.Password(patch.Checks.Text("displayName", displayName, 100, required: true), password);
        UserChecks.RolesAndContact(checks, roles, unitId, phone, email);
        UserChecks.Webhook(checks, webhookUrl, webhookKind, webhooks.Value.Hosts);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        var rolesChanged = !roles!.Order().SequenceEqual(current.Roles.Order());
        if (Refusal(ctx.Caller, rolesChanged, patch.Fields.Any(f => f != "roles")) is { } refused)
        {
            return refused;
        }

        if (!ifMatch.Matches(current.Version))
        {
            return Problems.PreconditionFailed(current.Version);
        }

        if (unitId is { } newUnit && newUnit != current.UnitId && !await UnitStore.ExistsAsync(session, newUnit))
        {
            return Problems.Invalid("unitId", Words.Format(Messages.UnitNotFound, newUnit));
        }

        var losesAdmin = current.Roles.Contains(Roles.Admin) && (!roles!.Contains(Roles.Admin) || !isActive);
        if (losesAdmin && !await UserStore.AnotherActiveAdminExistsAsync(session, id))
        {
            return Problems.Conflict("user.lastAdmin", Messages.LastAdmin);
        }

        var losesSecurityAdmin = current.Roles.Contains(Roles.SecurityAdmin) && (!roles!.Contains(Roles.SecurityAdmin) || !isActive);
        if (losesSecurityAdmin && !await UserStore.AnotherActiveAdminExistsAsync(session, id, Roles.SecurityAdmin))
        {
            return Problems.Conflict("user.lastSecurityAdmin", "This is the last active security administrator; make another user one first.");
        }

        var securityChanged = password is not null || isActive != current.IsActive || unitId != current.UnitId || rolesChanged;
        var change = new UserStore.Change(
            displayName!.Trim(), unitId, phone, email, isActive,
            password is null ? null : hasher.HashPassword(Account.Instance, password),
            securityChanged ? UserStamps.NewStamp() : null,
            patch.Has("webhookUrl"), webhookUrl, webhookKind ?? (webhookUrl is null ? null : "json"));
        if (password is not null)
        {
            await UserStore.KeepOldPasswordAsync(session, id, ctx.Clock.UtcNow);
        }

        if (!await UserStore.UpdateAsync(session, id, ifMatch.Version, change, ctx.Clock.UtcNow))
        {
            return Problems.PreconditionFailed(current.Version + 1);
        }

        await UserStore.ReplaceRolesAsync(session, id, roles!);
        if (password is not null)
        {
            await SignInLocks.UnlockAsync(session, id);
        }

        var user = (await UserStore.FindAsync(session, id))!;
        await ctx.Audit.WriteAsync(session, "update", "user", id, AuditLog.Changes(current, user, patch.Fields));
        await session.CommitAsync();
        stamps.Forget(id);
        ETags.Set(response, user.Version);
        return TypedResults.Ok(user);
    }

    private static string NotFound(long id) => Words.Format(Messages.UserNotFound, id);
}
