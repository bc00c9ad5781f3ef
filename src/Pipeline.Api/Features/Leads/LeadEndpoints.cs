using Microsoft.AspNetCore.Http.HttpResults;
using Pipeline.Api.Data;
using Pipeline.Api.Features.Audit;
using Pipeline.Api.Features.Companies;
using Pipeline.Api.Features.Projects;
using Pipeline.Api.Features.Trips;
using Pipeline.Api.Hosting;
using Pipeline.Domain.Accounts;
using Pipeline.Domain.Companies;
using Pipeline.Domain.Leads;
using Pipeline.Domain.Projects;

namespace Pipeline.Api.Features.Leads;

/// <summary>Leads (线索): logged with what makes them usable, checked for duplicates, verified, and converted into projects once.</summary>
public static class LeadEndpoints
{
    public static void MapLeads(this IEndpointRouteBuilder app)
    {
        var leads = app.MapGroup("/api/leads").WithTags("Leads");
        leads.MapGet("", List);
        leads.MapGet("/{id:long}", Get).WithName("GetLead");
        var workers = leads.MapGroup("").RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Staff, Roles.Leader));
        workers.MapPost("", Create);
        workers.MapPost("/{id:long}/verify", (long id, Caller caller, Db db, AuditLog audit, BusinessClock clock, CancellationToken ct) =>
            Move(id, LeadAction.Verify, null, caller, db, audit, clock, ct));
        workers.MapPost("/{id:long}/drop", (long id, LeadReason request, Caller caller, Db db, AuditLog audit, BusinessClock clock, CancellationToken ct) =>
            Move(id, LeadAction.Drop, request.Reason, caller, db, audit, clock, ct));
        workers.MapPost("/{id:long}/mark-false", (long id, LeadReason request, Caller caller, Db db, AuditLog audit, BusinessClock clock, CancellationToken ct) =>
            Move(id, LeadAction.MarkFalse, request.Reason, caller, db, audit, clock, ct));
        workers.MapPost("/{id:long}/convert", Convert);
    }

    private static Task<Results<Ok<Paged<LeadDto>>, ProblemHttpResult>> List([AsParameters] LeadQuery query, Caller caller, Db db, CancellationToken ct)
    {
        var checks = new Checks();
        var status = checks.Enum<LeadStatus>("status", query.Status);
        return Responses.PageAsync(db, query.Page, query.PageSize,
            (session, page) => LeadStore.ListAsync(session, query, status, caller, page.Skip, page.Take), ct, checks);
    }

    private static async Task<Results<Ok<LeadDto>, ProblemHttpResult>> Get(long id, Caller caller, Db db, HttpResponse response, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        return Responses.Found((await LeadStore.FindAsync(session, id, caller))?.ToDto(), response, NotFoundMessage(id));
    }

    private static async Task<Results<CreatedAtRoute<LeadDto>, ProblemHttpResult>> Create(
        CreateLead request, Caller caller, Db db, AuditLog audit, BusinessClock clock, HttpResponse response, CancellationToken ct)
    {
        var unitId = request.UnitId ?? caller.UnitId;
        var creditCode = string.IsNullOrWhiteSpace(request.CreditCode) ? null : CreditCode.Normalize(request.CreditCode);
        var checks = new Checks()
            .Text("title", request.Title, 200, required: true)
            .When(request.CompanyId is null && string.IsNullOrWhiteSpace(request.CompanyName), "companyName",
                "Who is the investor? Give companyId or companyName.")
            .When(request.CompanyId is not null && (request.CompanyName is not null || creditCode is not null), "companyId",
                "Give either a known company (companyId) or a company name with its credit code, not both.")
            .Text("companyName", request.CompanyName, 200)
            .Required("industryCode", request.IndustryCode)
            .Quantity("estimatedInvestment", request.EstimatedInvestment, required: true)
            .Text("content", request.Content, 4000, required: true)
            .Text("investorRequirements", request.InvestorRequirements, 2000, required: true)
            .Text("contactName", request.ContactName, 100, required: true)
            .Text("contactPhone", request.ContactPhone, 40, required: true)
            .Required("source", request.Source)
            .When(unitId is null, "unitId", "Which unit logs this lead? Give unitId.");
        if (creditCode is not null && CreditCode.Problem(creditCode) is { } bad)
        {
            checks.Add("creditCode", bad);
        }

        if (!checks.Ok)
        {
            return checks.Problem();
        }

        await using var session = await db.BeginAsync(ct);
        await new ReferenceCheck()
            .Row("companyId", "companies", request.CompanyId, $"There is no company {request.CompanyId}.")
            .Industry("industryCode", request.IndustryCode)
            .Row("unitId", "units", unitId, $"There is no unit {unitId}.")
            .CheckAsync(session, checks);
        if (request.TripId is { } tripId && await TripStore.FindAsync(session, tripId, caller, clock.Today) is null)
        {
            checks.Add("tripId", $"There is no trip {tripId} you can see.");
        }

        if (!checks.Ok)
        {
            return checks.Problem();
        }

        if (!caller.Is(Role.Admin | Role.Leader) && !(caller.UnitId is { } own && await Units.UnitStore.IsWithinAsync(session, unitId!.Value, own)))
        {
            return Problems.Forbidden("You can log leads only for your own unit or its sub-units.");
        }

        var company = request.CompanyId is { } companyId ? await CompanyStore.FindAsync(session, companyId) : null;
        var id = await LeadStore.InsertAsync(session, new NewLead(
            unitId!.Value, request.Title!.Trim(), company?.Id, company?.Name ?? request.CompanyName!.Trim(), company?.CreditCode ?? creditCode,
            request.IndustryCode!, request.EstimatedInvestment!.Value, request.Content!.Trim(), request.InvestorRequirements!.Trim(),
            request.ContactName!.Trim(), request.ContactPhone!.Trim(), request.Source!.Value, request.TripId, clock.Today, caller.Id), clock.UtcNow);
        await audit.WriteAsync(session, "create", "lead", id, request.Title);
        var lead = (await LeadStore.FindAsync(session, id, caller))!.ToDto();
        var duplicates = await LeadStore.PossibleDuplicatesAsync(session, id, lead.CompanyName, lead.CreditCode);
        await session.CommitAsync();
        ETags.Set(response, lead.Version);
        return TypedResults.CreatedAtRoute(lead with { PossibleDuplicates = duplicates }, "GetLead", new { id });
    }

    private static async Task<Results<Ok<LeadDto>, ProblemHttpResult>> Move(
        long id, LeadAction action, string? reason, Caller caller, Db db, AuditLog audit, BusinessClock clock, CancellationToken ct)
    {
        var checks = new Checks().Text("reason", reason, 1000, required: action is LeadAction.Drop or LeadAction.MarkFalse);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        await using var session = await db.BeginAsync(ct);
        var (lead, problem) = await FindForActionAsync(session, id, action, caller);
        if (lead is null)
        {
            return problem!;
        }

        if (LeadRules.Refusal(lead.Status, action) is { } refusal)
        {
            return Problems.Conflict(refusal.Code, refusal.Reason);
        }

        var to = LeadRules.Target(action);
        if (!await LeadStore.MoveAsync(session, id, lead.Status, to, reason?.Trim(), null, clock.Today, clock.UtcNow))
        {
            return Problems.Conflict(LeadRules.NotAllowed, "Someone changed this lead a moment ago; read it again.");
        }

        await audit.WriteAsync(session, LeadRules.Code(to) == "false" ? "markFalse" : action.ToString().ToLowerInvariant(), "lead", id, reason);
        var moved = (await LeadStore.FindAsync(session, id, caller))!.ToDto();
        await session.CommitAsync();
        return TypedResults.Ok(moved);
    }

    private static async Task<Results<Created<ProjectDto>, ProblemHttpResult>> Convert(
        long id, ConvertLead request, Caller caller, Db db, AuditLog audit, BusinessClock clock, CancellationToken ct)
    {
        await using var session = await db.BeginAsync(ct);
        var (lead, problem) = await FindForActionAsync(session, id, LeadAction.Convert, caller);
        if (lead is null)
        {
            return problem!;
        }

        if (LeadRules.Refusal(lead.Status, LeadAction.Convert) is { } refusal)
        {
            return Problems.Conflict(refusal.Code, refusal.Reason);
        }

        var project = new CreateProject(
            request.Name ?? lead.Title, lead.CompanyId, lead.IndustryCode, Pipeline.Domain.Quantities.FromStored(lead.EstimatedInvestment), null,
            request.LandMode ?? LandMode.NewLand, request.LandAreaMu, null, lead.Id, request.ResponsibleUnitId ?? lead.UnitId,
            request.ResponsiblePersonId, request.LeaderId, [], false, request.TalksStartedOn);
        var checks = ProjectEndpoints.CheckFields(new Checks(), project).NotFuture("talksStartedOn", request.TalksStartedOn, clock.Today);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        if (!await ProjectReferences.CheckAsync(session, project, caller, checks))
        {
            return Problems.Forbidden("You can place projects only in your own unit or its sub-units.");
        }

        if (!checks.Ok)
        {
            return checks.Problem();
        }

        var projectId = await ConvertAsync(session, lead, project, caller, audit, clock);
        var created = ProjectStore.ToDto((await ProjectStore.FindAsync(session, projectId, caller))!);
        await session.CommitAsync();
        return TypedResults.Created($"/api/projects/{projectId}", created);
    }

    /// <summary>
    /// Creates the project of a verified lead and links the two: the lead's investor becomes a company record when it
    /// was known only by name (or is matched to the one with its credit code).
    /// </summary>
    public static async Task<long> ConvertAsync(DbSession session, LeadRow lead, CreateProject project, Caller caller, AuditLog audit, BusinessClock clock)
    {
        var companyId = project.CompanyId ?? lead.CompanyId;
        if (companyId is null)
        {
            companyId = lead.CreditCode is { } code ? await CompanyStore.FindIdByCreditCodeAsync(session, code) : null;
            companyId ??= await CompanyStore.InsertAsync(session, lead.CompanyName, lead.CreditCode, null, lead.IndustryCode, caller.Id, clock.UtcNow);
            await session.ExecuteAsync("UPDATE leads SET company_id = @companyId WHERE id = @Id", new { companyId, lead.Id });
        }

        var projectId = await ProjectStore.InsertAsync(session, project with { CompanyId = companyId, SourceLeadId = lead.Id },
            project.TalksStartedOn ?? clock.Today, caller.Id, clock.UtcNow);
        await LeadStore.MoveAsync(session, lead.Id, LeadStatus.Verified, LeadStatus.Converted, null, projectId, clock.Today, clock.UtcNow);
        await audit.WriteAsync(session, "create", "project", projectId, $"{project.Name} (from lead {lead.Id})");
        await audit.WriteAsync(session, "convert", "lead", lead.Id, $"project {projectId}");
        return projectId;
    }

    /// <summary>The lead if the caller may act on it: 404 when they cannot see it, 403 when their role or unit does not allow the action.</summary>
    public static async Task<(LeadRow? Lead, ProblemHttpResult? Problem)> FindForActionAsync(DbSession session, long id, LeadAction action, Caller caller)
    {
        var lead = await LeadStore.FindAsync(session, id, caller);
        if (lead is null)
        {
            return (null, Problems.NotFound(NotFoundMessage(id)));
        }

        if (action == LeadAction.MarkFalse && !caller.Is(Role.Leader | Role.Admin))
        {
            return (null, Problems.Forbidden("Only a leader or an admin may mark a lead as false (虚报)."));
        }

        return lead.CanAct ? (lead, null) : (null, Problems.Forbidden("This lead belongs to another unit; you may read it but not act on it."));
    }

    private static string NotFoundMessage(long id) => $"There is no lead {id}, or it is outside what you may see.";
}
