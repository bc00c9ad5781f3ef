using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Pipeline.Api.Features.Auth;
using Pipeline.Api.Features.Units;
using Pipeline.Api.Hosting;
using Pipeline.Domain.Accounts;

namespace Pipeline.Api.Features.Users;

/// <summary>User accounts: roles, unit, contact details and notification channels, managed by admins.</summary>
public static class UserEndpoints
{
    public static void MapUsers(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users");
        users.MapGet("", List).WithSummary("查询用户");
        users.MapGet("/{id:long}", Get).WithSummary("查看用户").WithName("GetUser");
        users.MapPost("", Create).WithSummary("新建用户").RequireAuthorization(Policies.Admin);
        users.MapPatch("/{id:long}", Update).WithSummary("修改用户").RequireAuthorization(Policies.Admin);
    }

    private static Task<Results<Ok<Paged<UserDto>>, ProblemHttpResult>> List([AsParameters] UserQuery query, [AsParameters] ApiContext ctx) =>
        Responses.PageAsync(ctx.Db, query.Page, query.PageSize, (session, page) => UserStore.ListAsync(session, query, page.Skip, page.Take), ctx.Ct);

    private static async Task<Results<Ok<UserDto>, ProblemHttpResult>> Get(long id, [AsParameters] ApiContext ctx, HttpResponse response)
    {
        await using var session = await ctx.Db.OpenAsync(ctx.Ct);
        return Responses.Found(await UserStore.FindAsync(session, id), response, NotFound(id));
    }

    private static async Task<Results<CreatedAtRoute<UserDto>, ProblemHttpResult>> Create(
        CreateUser request, [AsParameters] ApiContext ctx, IPasswordHasher<Account> hasher, HttpResponse response)
    {
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        if (request.UnitId is { } unitId && !await UnitStore.ExistsAsync(session, unitId))
        {
            return Problems.Invalid("unitId", Words.Format(Messages.UnitNotFound, unitId));
        }

        long id;
        try
        {
            id = await UserStore.InsertAsync(session, new NewUser(
                request.UserName!.Trim(), request.DisplayName!.Trim(), hasher.HashPassword(Account.Instance, request.Password!),
                request.Roles!, request.UnitId, request.Phone, request.Email, request.WebhookUrl,
                request.WebhookUrl is null ? null : request.WebhookKind ?? "json"), ctx.Clock.UtcNow);
        }
        catch (System.Data.Common.DbException e) when (session.IsUniqueViolation(e))
        {
            return Problems.Conflict("user.duplicateUserName", Words.Format(Messages.UserNameTaken, request.UserName!.Trim()));
        }

        await ctx.Audit.WriteAsync(session, "create", "user", id, $"roles {string.Join(",", request.Roles!)}");
        var user = (await UserStore.FindAsync(session, id))!;
        await session.CommitAsync();
        ETags.Set(response, user.Version);
        return TypedResults.CreatedAtRoute(user, "GetUser", new { id });
    }

    private static async Task<Results<Ok<UserDto>, ProblemHttpResult>> Update(
        long id, Patch patch, IfMatch ifMatch, [AsParameters] ApiContext ctx, IPasswordHasher<Account> hasher, UserStamps stamps, HttpResponse response)
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
        UserChecks.Webhook(checks, webhookUrl, webhookKind);
        if (!checks.Ok)
        {
            return checks.Problem();
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

        var securityChanged = password is not null || isActive != current.IsActive || unitId != current.UnitId
            || !roles!.Order().SequenceEqual(current.Roles.Order());
        var change = new UserStore.Change(
            displayName!.Trim(), unitId, phone, email, isActive,
            password is null ? null : hasher.HashPassword(Account.Instance, password),
            securityChanged ? UserStamps.NewStamp() : null,
            patch.Has("webhookUrl"), webhookUrl, webhookKind ?? (webhookUrl is null ? null : "json"));
        if (!await UserStore.UpdateAsync(session, id, ifMatch.Version, change, ctx.Clock.UtcNow))
        {
            return Problems.PreconditionFailed(current.Version + 1);
        }

        await UserStore.ReplaceRolesAsync(session, id, roles!);
        await ctx.Audit.WriteAsync(session, "update", "user", id, $"changed {string.Join(", ", patch.Fields)}");
        var user = (await UserStore.FindAsync(session, id))!;
        await session.CommitAsync();
        stamps.Forget(id);
        ETags.Set(response, user.Version);
        return TypedResults.Ok(user);
    }

    private static string NotFound(long id) => Words.Format(Messages.UserNotFound, id);
}
