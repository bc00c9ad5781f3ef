namespace Pipeline.Api.Features.Audit;

/// <summary>The audit trail: every change and every sign-in, searchable by auditors.</summary>
public static class AuditEndpoints
{
    public static void AddAudit(this WebApplicationBuilder builder) => builder.Services.AddSingleton<AuditLog>();

    public static void MapAudit(this RouteGroupBuilder api) =>
        api.MapGet("/audit", List).WithSummary("查询操作日志").RequireAuthorization(Policies.AuditReading).WithTags("Audit");

    private static Task<Results<Ok<Paged<AuditRecord>>, ProblemHttpResult>> List([AsParameters] AuditQuery query, [AsParameters] ApiContext ctx) =>
        Responses.PageAsync(ctx.Db, query.Page, query.PageSize, (session, page) => AuditStore.SearchAsync(session, query, page.Skip, page.Take), ctx.Ct,
            new Checks().When(query.From > query.To, "from", Words.Format(Messages.NotAfter, "to")));
}
