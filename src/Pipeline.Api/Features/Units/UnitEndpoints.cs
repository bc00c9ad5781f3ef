using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Pipeline.Api.Data;
using Pipeline.Api.Features.Audit;
using Pipeline.Api.Hosting;
using Pipeline.Domain.Accounts;

namespace Pipeline.Api.Features.Units;

public static class UnitEndpoints
{
    public static void MapUnits(this IEndpointRouteBuilder app)
    {
        var units = app.MapGroup("/api/units").WithTags("Units");
        units.MapGet("", List);
        units.MapGet("/{id:long}", Get).WithName("GetUnit");
        units.MapPost("", Create).RequireAuthorization(p => p.RequireRole(Roles.Admin));
        units.MapPatch("/{id:long}", Update).RequireAuthorization(p => p.RequireRole(Roles.Admin));
    }

    private static Task<Results<Ok<Paged<UnitDto>>, ProblemHttpResult>> List([AsParameters] UnitQuery query, Db db, CancellationToken ct) =>
        Responses.PageAsync(db, query.Page, query.PageSize, (session, page) => UnitStore.ListAsync(session, query, page.Skip, page.Take), ct);

    private static async Task<Results<Ok<UnitDto>, ProblemHttpResult>> Get(long id, Db db, HttpResponse response, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        return Responses.Found(await UnitStore.FindAsync(session, id), response, $"There is no unit {id}.");
    }

    private static async Task<Results<CreatedAtRoute<UnitDto>, ProblemHttpResult>> Create(
        CreateUnit request, Db db, AuditLog audit, BusinessClock clock, HttpResponse response, CancellationToken ct)
    {
        var checks = new Checks().Text("name", request.Name, 200, required: true).Required("kind", request.Kind);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        await using var session = await db.BeginAsync(ct);
        await new ReferenceCheck()
            .Row("parentId", "units", request.ParentId, $"There is no unit {request.ParentId}.")
            .ActiveUsers("headUserId", request.HeadUserId is { } head ? [head] : [], $"There is no active user {request.HeadUserId}.")
            .CheckAsync(session, checks);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        long id;
        try
        {
            id = await UnitStore.InsertAsync(session, request.Name!.Trim(), request.Kind!.Value, request.ParentId, clock.UtcNow, request.HeadUserId);
        }
        catch (System.Data.Common.DbException e) when (session.IsUniqueViolation(e))
        {
            return DuplicateName(request.Name!);
        }

        await audit.WriteAsync(session, "create", "unit", id, request.Name);
        var unit = (await UnitStore.FindAsync(session, id))!;
        await session.CommitAsync();
        ETags.Set(response, unit.Version);
        return TypedResults.CreatedAtRoute(unit, "GetUnit", new { id });
    }

    private static async Task<Results<Ok<UnitDto>, ProblemHttpResult>> Update(
        long id, JsonObject body, Db db, AuditLog audit, BusinessClock clock, IOptions<JsonOptions> json,
        HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var (expected, etagProblem) = ETags.Expected(request);
        if (etagProblem is not null)
        {
            return etagProblem;
        }

        await using var session = await db.BeginAsync(ct);
        var current = await UnitStore.FindAsync(session, id);
        if (current is null)
        {
            return Problems.NotFound($"There is no unit {id}.");
        }

        var patch = new Patch(body, json.Value.SerializerOptions, new Checks()).Allow("name", "kind", "parentId", "headUserId");
        var name = patch.Or("name", current.Name, clearable: false);
        var kind = patch.Or("kind", current.Kind, clearable: false);
        var parentId = patch.Or("parentId", current.ParentId);
        var headUserId = patch.Or("headUserId", current.HeadUserId);
        var checks = patch.Checks.Text("name", name, 200, required: true);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        if (current.Version != expected)
        {
            return Problems.PreconditionFailed(current.Version);
        }

        if (headUserId is { } head && head != current.HeadUserId)
        {
            await new ReferenceCheck().ActiveUsers("headUserId", [head], $"There is no active user {head}.").CheckAsync(session, checks);
            if (!checks.Ok)
            {
                return checks.Problem();
            }
        }

        if (parentId != current.ParentId && parentId is { } newParent)
        {
            if (await UnitStore.FindAsync(session, newParent) is null)
            {
                return Problems.Invalid("parentId", $"There is no unit {newParent}.");
            }

            if (await UnitStore.IsWithinAsync(session, newParent, id))
            {
                return Problems.Conflict("unit.cycle", "A unit cannot be placed under itself or one of its own sub-units.");
            }
        }

        try
        {
            var updated = await session.ExecuteAsync("""
                UPDATE units SET name = @Name, kind = @Kind, parent_id = @parentId, head_user_id = @headUserId, version = version + 1, updated_at = @Now
                WHERE id = @id AND version = @expected
                """, new { id, expected, Name = name!.Trim(), Kind = kind.ToCode(), parentId, headUserId, Now = clock.UtcNow });
            if (updated == 0)
            {
                return Problems.PreconditionFailed(current.Version + 1);
            }
        }
        catch (System.Data.Common.DbException e) when (session.IsUniqueViolation(e))
        {
            return DuplicateName(name!);
        }

        if (parentId != current.ParentId)
        {
            await UnitStore.MoveAsync(session, id, parentId);
        }

        await audit.WriteAsync(session, "update", "unit", id, $"changed {string.Join(", ", body.Select(p => p.Key))}");
        var unit = (await UnitStore.FindAsync(session, id))!;
        await session.CommitAsync();
        ETags.Set(response, unit.Version);
        return TypedResults.Ok(unit);
    }

    private static ProblemHttpResult DuplicateName(string name) =>
        Problems.Conflict("unit.duplicateName", $"A unit named '{name.Trim()}' exists already.");
}
