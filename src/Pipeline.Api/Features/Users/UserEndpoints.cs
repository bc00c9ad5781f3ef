using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Pipeline.Api.Data;
using Pipeline.Api.Features.Audit;
using Pipeline.Api.Features.Auth;
using Pipeline.Api.Hosting;
using Pipeline.Domain.Accounts;

namespace Pipeline.Api.Features.Users;

public static partial class UserEndpoints
{
    public static void MapUsers(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/users").WithTags("Users");
        users.MapGet("", List);
        users.MapGet("/{id:long}", Get).WithName("GetUser");
        users.MapPost("", Create).RequireAuthorization(p => p.RequireRole(Roles.Admin));
        users.MapPatch("/{id:long}", Update).RequireAuthorization(p => p.RequireRole(Roles.Admin));
    }

    private static Task<Results<Ok<Paged<UserDto>>, ProblemHttpResult>> List([AsParameters] UserQuery query, Db db, CancellationToken ct) =>
        Responses.PageAsync(db, query.Page, query.PageSize, (session, page) => UserStore.ListAsync(session, query, page.Skip, page.Take), ct);

    private static async Task<Results<Ok<UserDto>, ProblemHttpResult>> Get(long id, Db db, HttpResponse response, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        return Responses.Found(await UserStore.FindAsync(session, id), response, $"There is no user {id}.");
    }

    private static async Task<Results<CreatedAtRoute<UserDto>, ProblemHttpResult>> Create(
        CreateUser request, Db db, IPasswordHasher<Account> hasher, AuditLog audit, BusinessClock clock, HttpResponse response, CancellationToken ct)
    {
        var checks = new Checks()
            .Text("userName", request.UserName, 64, required: true)
            .Text("displayName", request.DisplayName, 100, required: true)
            .Required("password", request.Password);
        CheckUserName(checks, request.UserName);
        if (request.Password is { } password && PasswordPolicy.Problem(password) is { } weak)
        {
            checks.Add("password", weak);
        }

        CheckRolesAndContact(checks, request.Roles, request.UnitId, request.Phone, request.Email, rolesRequired: true);
        CheckWebhook(checks, request.WebhookUrl, request.WebhookKind);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        await using var session = await db.BeginAsync(ct);
        if (request.UnitId is { } unitId && !await UnitExistsAsync(session, unitId))
        {
            return Problems.Invalid("unitId", $"There is no unit {unitId}.");
        }

        long id;
        try
        {
            id = await UserStore.InsertAsync(session, new NewUser(
                request.UserName!.Trim(), request.DisplayName!.Trim(), hasher.HashPassword(Account.Instance, request.Password!),
                request.Roles!, request.UnitId, request.Phone, request.Email, request.WebhookUrl,
                request.WebhookUrl is null ? null : request.WebhookKind ?? "json"), clock.UtcNow);
        }
        catch (System.Data.Common.DbException e) when (session.IsUniqueViolation(e))
        {
            return Problems.Conflict("user.duplicateUserName", $"The user name '{request.UserName!.Trim()}' is taken.");
        }

        await audit.WriteAsync(session, "create", "user", id, $"roles {string.Join(",", request.Roles!)}");
        var user = (await UserStore.FindAsync(session, id))!;
        await session.CommitAsync();
        ETags.Set(response, user.Version);
        return TypedResults.CreatedAtRoute(user, "GetUser", new { id });
    }

    private static async Task<Results<Ok<UserDto>, ProblemHttpResult>> Update(
        long id, JsonObject body, Db db, IPasswordHasher<Account> hasher, AuditLog audit, BusinessClock clock,
        UserStamps stamps, IOptions<JsonOptions> json, HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var (expected, etagProblem) = ETags.Expected(request);
        if (etagProblem is not null)
        {
            return etagProblem;
        }

        await using var session = await db.BeginAsync(ct);
        var current = await UserStore.FindAsync(session, id);
        if (current is null)
        {
            return Problems.NotFound($"There is no user {id}.");
        }

        var patch = new Patch(body, json.Value.SerializerOptions, new Checks())
            .Allow("displayName", "roles", "unitId", "phone", "email", "isActive", "password", "webhookUrl", "webhookKind");
        var displayName = patch.Or("displayName", current.DisplayName, clearable: false);
        var roles = patch.Or("roles", current.Roles, clearable: false);
        var unitId = patch.Or("unitId", current.UnitId);
        var phone = patch.Or("phone", current.Phone);
        var email = patch.Or("email", current.Email);
        var isActive = patch.Or("isActive", current.IsActive, clearable: false);
        var password = patch.Has("password") ? patch.Get<string>("password", clearable: false) : null;
        var webhookUrl = patch.Has("webhookUrl") ? patch.Get<string>("webhookUrl") : null;
        var webhookKind = patch.Or("webhookKind", current.WebhookKind);
        var checks = patch.Checks.Text("displayName", displayName, 100, required: true);
        if (password is not null && PasswordPolicy.Problem(password) is { } weak)
        {
            checks.Add("password", weak);
        }

        CheckRolesAndContact(checks, roles, unitId, phone, email, rolesRequired: true);
        CheckWebhook(checks, webhookUrl, webhookKind);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        if (current.Version != expected)
        {
            return Problems.PreconditionFailed(current.Version);
        }

        if (unitId is { } newUnit && newUnit != current.UnitId && !await UnitExistsAsync(session, newUnit))
        {
            return Problems.Invalid("unitId", $"There is no unit {newUnit}.");
        }

        var losesAdmin = current.Roles.Contains(Roles.Admin) && (!roles!.Contains(Roles.Admin) || !isActive);
        if (losesAdmin && !await UserStore.AnotherActiveAdminExistsAsync(session, id))
        {
            return Problems.Conflict("user.lastAdmin", "This is the last active admin; make another user admin first.");
        }

        var securityChanged = password is not null || isActive != current.IsActive || unitId != current.UnitId
            || !roles!.Order().SequenceEqual(current.Roles.Order());
        var updated = await session.ExecuteAsync(d => $"""
            UPDATE users SET display_name = @displayName, unit_id = @unitId, phone = @phone, email = @email, is_active = @isActive,
                password_hash = CASE WHEN @Hash IS NULL THEN password_hash ELSE @Hash END,
                security_stamp = CASE WHEN @Stamp IS NULL THEN security_stamp ELSE @Stamp END,
                failed_sign_ins = CASE WHEN @Hash IS NULL THEN failed_sign_ins ELSE 0 END,
                locked_until = CASE WHEN @Hash IS NULL THEN locked_until ELSE NULL END,
                webhook_url = CASE WHEN @WebhookChanged = {d.True} THEN @WebhookUrl ELSE webhook_url END,
                webhook_kind = CASE WHEN @WebhookChanged = {d.True} AND @WebhookUrl IS NULL THEN NULL ELSE @WebhookKind END,
                version = version + 1, updated_at = @Now
            WHERE id = @id AND version = @expected
            """,
            new
            {
                id, expected, displayName = displayName!.Trim(), unitId, phone, email, isActive,
                Hash = password is null ? null : hasher.HashPassword(Account.Instance, password),
                Stamp = securityChanged ? UserStamps.NewStamp() : null,
                WebhookChanged = patch.Has("webhookUrl"),
                WebhookUrl = webhookUrl,
                WebhookKind = webhookKind ?? (webhookUrl is null ? null : "json"),
                Now = clock.UtcNow,
            });
        if (updated == 0)
        {
            return Problems.PreconditionFailed(current.Version + 1);
        }

        await UserStore.ReplaceRolesAsync(session, id, roles!);
        await audit.WriteAsync(session, "update", "user", id, $"changed {string.Join(", ", body.Select(p => p.Key))}");
        var user = (await UserStore.FindAsync(session, id))!;
        await session.CommitAsync();
        stamps.Forget(id);
        ETags.Set(response, user.Version);
        return TypedResults.Ok(user);
    }

    private static void CheckUserName(Checks checks, string? userName)
    {
        if (userName is { Length: > 0 } name && !UserNamePattern().IsMatch(name.Trim()))
        {
            checks.Add("userName", "Use 3 to 64 letters, digits, '.', '_', '-' or '@' (Chinese names go in displayName).");
        }
    }

    private static void CheckRolesAndContact(
        Checks checks, IReadOnlyList<string>? roles, long? unitId, string? phone, string? email, bool rolesRequired)
    {
        if (roles is null || roles.Count == 0)
        {
            checks.When(rolesRequired, "roles", $"At least one of: {string.Join(", ", Roles.All)}.");
        }
        else
        {
            foreach (var role in roles.Where(r => Roles.Parse(r) == Role.None))
            {
                checks.Add("roles", $"'{role}' is not a role; use {string.Join(", ", Roles.All)}.");
            }

            checks.When(roles.Contains(Roles.Staff) && unitId is null, "unitId", "Staff work for a unit; give the unit.");
        }

        checks.Text("phone", phone, 40).Text("email", email, 200)
            .When(email is { Length: > 0 } e && !e.Contains('@', StringComparison.Ordinal), "email", "Not an email address.");
    }

    private static void CheckWebhook(Checks checks, string? url, string? kind)
    {
        checks.Text("webhookUrl", url, 500)
            .When(url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"), "webhookUrl",
                "An absolute http(s) URL, such as a WeCom or DingTalk group robot's address.")
            .When(kind is not null && !Notifications.WebhookSender.Kinds.Contains(kind), "webhookKind",
                $"Use one of: {string.Join(", ", Notifications.WebhookSender.Kinds)}.");
    }

    private static async Task<bool> UnitExistsAsync(DbSession session, long unitId) =>
        await session.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM units WHERE id = @unitId", new { unitId }) > 0;

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9._@-]{3,64}$")]
    private static partial System.Text.RegularExpressions.Regex UserNamePattern();
}
