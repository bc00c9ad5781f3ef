using Microsoft.AspNetCore.Http.HttpResults;
using Pipeline.Api.Data;
using Pipeline.Api.Hosting;
using Pipeline.Domain.Accounts;

namespace Pipeline.Api.Features.Audit;

public static class AuditEndpoints
{
    public static void MapAudit(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/audit", List)
            .RequireAuthorization(p => p.RequireRole(Roles.Auditor, Roles.Admin))
            .WithTags("Audit");

    public sealed record AuditQuery(
        string? Entity, string? EntityId, long? UserId, string? Action, DateTimeOffset? From, DateTimeOffset? To, int? Page, int? PageSize);

    public sealed record AuditRecord(
        long Id, DateTime At, long? UserId, string? UserName, string Action, string Entity, string? EntityId,
        string Result, string? ClientIp, string? Detail);

    private static async Task<Results<Ok<Paged<AuditRecord>>, ProblemHttpResult>> List(
        [AsParameters] AuditQuery query, Db db, CancellationToken ct)
    {
        var checks = new Checks();
        var page = PageRequest.From(query.Page, query.PageSize, checks);
        checks.When(query.From > query.To, "from", "Must not be after 'to'.");
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        var filter = new SqlFilter()
            .When(query.Entity, "a.entity = @Entity", "Entity")
            .When(query.EntityId, "a.entity_id = @EntityId", "EntityId")
            .When(query.UserId, "a.user_id = @UserId", "UserId")
            .When(query.Action, "a.action = @Action", "Action")
            .When(query.From?.UtcDateTime, "a.at >= @From", "From")
            .When(query.To?.UtcDateTime, "a.at < @To", "To");
        await using var session = await db.OpenAsync(ct);
        var (items, total) = await session.PageAsync<AuditRecord>(
            """
            a.id AS Id, a.at AS At, a.user_id AS UserId, a.user_name AS UserName, a.action AS Action, a.entity AS Entity,
            a.entity_id AS EntityId, a.result AS Result, a.client_ip AS ClientIp, a.detail AS Detail
            """,
            "audit_log a", filter, "a.id DESC", page.Skip, page.Take);
        return TypedResults.Ok(page.Of(items, total));
    }
}
