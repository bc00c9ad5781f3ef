using Microsoft.AspNetCore.Http.HttpResults;
using Pipeline.Api.Data;
using Pipeline.Api.Features.Audit;
using Pipeline.Api.Hosting;

namespace Pipeline.Api.Features.Projects;

/// <summary>What gets recorded on a project besides its stage: agreements (协议/合同) and activities (走访、调度 …).</summary>
public static class ProjectRecords
{
    public static async Task<Results<Created<AgreementDto>, ProblemHttpResult>> AddAgreement(
        long id, CreateAgreement request, Caller caller, Db db, AuditLog audit, BusinessClock clock, CancellationToken ct)
    {
        var checks = new Checks().Required("type", request.Type).Required("signedOn", request.SignedOn)
            .NotFuture("signedOn", request.SignedOn, clock.Today).Quantity("amount", request.Amount).Text("note", request.Note, 2000);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        await using var session = await db.BeginAsync(ct);
        var (project, problem) = await ProjectStore.FindForChangeAsync(session, id, caller);
        if (project is null)
        {
            return problem!;
        }

        if (request.Type is AgreementType.Formal or AgreementType.CapitalIncrease && project.SignedOn is null)
        {
            return Problems.Conflict("agreement.formalNeedsSigning",
                "A formal contract (正式合同) is recorded by moving the project to 'signed', and a capital increase (增资) follows a signing; this project has not signed yet.");
        }

        if (request.Type == AgreementType.CapitalIncrease && request.Amount is null)
        {
            return Problems.Invalid("amount", "A capital increase states the amount added (万元).");
        }

        var agreementId = await InsertAgreementAsync(session, id, request.Type!.Value, request.SignedOn!.Value, request.Amount, request.Note, caller.Id, clock.UtcNow);
        await audit.WriteAsync(session, "addAgreement", "project", id, $"{request.Type} agreement {agreementId} signed {request.SignedOn:yyyy-MM-dd}");
        var agreement = (await session.QuerySingleOrDefaultAsync<AgreementRow>($"{AgreementColumns} WHERE id = @agreementId", new { agreementId }))!;
        await session.CommitAsync();
        return TypedResults.Created($"/api/projects/{id}/agreements", agreement.ToDto());
    }

    public static async Task<Results<Ok<IReadOnlyList<AgreementDto>>, ProblemHttpResult>> Agreements(
        long id, Caller caller, Db db, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        if (await ProjectStore.FindAsync(session, id, caller) is null)
        {
            return ProjectEndpoints.NotFound(id);
        }

        var rows = await session.QueryAsync<AgreementRow>($"{AgreementColumns} WHERE project_id = @id ORDER BY signed_on, id", new { id });
        return TypedResults.Ok<IReadOnlyList<AgreementDto>>(rows.Select(r => r.ToDto()).ToList());
    }

    public static async Task<Results<Created<ActivityDto>, ProblemHttpResult>> AddActivity(
        long id, CreateActivity request, Caller caller, Db db, AuditLog audit, BusinessClock clock, CancellationToken ct)
    {
        var checks = new Checks().Required("kind", request.Kind).NotFuture("on", request.On, clock.Today)
            .Text("summary", request.Summary, 4000, required: true);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        await using var session = await db.BeginAsync(ct);
        var (project, problem) = await ProjectStore.FindForChangeAsync(session, id, caller);
        if (project is null)
        {
            return problem!;
        }

        var activityId = await session.InsertAsync("""
            INSERT INTO project_activities (project_id, kind, on_date, summary, created_at, created_by)
            VALUES (@id, @Kind, @On, @Summary, @Now, @CreatedBy)
            """,
            new
            {
                id,
                Kind = request.Kind!.Value.ToCode(),
                On = request.On ?? clock.Today,
                Summary = request.Summary!.Trim(),
                Now = clock.UtcNow,
                CreatedBy = caller.Id,
            });
        await audit.WriteAsync(session, "addActivity", "project", id, $"{request.Kind} activity {activityId}");
        var activity = (await session.QuerySingleOrDefaultAsync<ActivityDto>($"{ActivityColumns} WHERE id = @activityId", new { activityId }))!;
        await session.CommitAsync();
        return TypedResults.Created($"/api/projects/{id}/activities", activity);
    }

    public static async Task<Results<Ok<Paged<ActivityDto>>, ProblemHttpResult>> Activities(
        long id, [AsParameters] ActivityQuery query, Caller caller, Db db, CancellationToken ct)
    {
        var checks = new Checks();
        var page = PageRequest.From(query.Page, query.PageSize, checks);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        await using var session = await db.OpenAsync(ct);
        if (await ProjectStore.FindAsync(session, id, caller) is null)
        {
            return ProjectEndpoints.NotFound(id);
        }

        var filter = new SqlFilter().When<long?>(id, "a.project_id = @ProjectId", "ProjectId");
        var (items, total) = await session.PageAsync<ActivityDto>(
            "a.id, a.project_id, a.kind, a.on_date AS \"On\", a.summary, a.created_at, a.created_by",
            "project_activities a", filter, "a.on_date DESC, a.id DESC", page.Skip, page.Take);
        return TypedResults.Ok(page.Of(items, total));
    }

    public static Task<long> InsertAgreementAsync(
        DbSession session, long projectId, AgreementType type, DateOnly signedOn, decimal? amount, string? note, long createdBy, DateTime now) =>
        session.InsertAsync("""
            INSERT INTO project_agreements (project_id, type, signed_on, amount, note, created_at, created_by)
            VALUES (@projectId, @Type, @signedOn, @Amount, @note, @now, @createdBy)
            """,
            new
            {
                projectId,
                Type = type.ToCode(),
                signedOn,
                Amount = ProjectStore.Stored(amount),
                note,
                now,
                createdBy,
            });

    private const string AgreementColumns = """
        SELECT id, project_id, type, signed_on, amount, note,
               created_at, created_by
        FROM project_agreements
        """;

    private const string ActivityColumns = """
        SELECT id, project_id, kind, on_date AS "On", summary, created_at, created_by
        FROM project_activities
        """;
}
