using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Pipeline.Api.Data;
using Pipeline.Api.Features.Audit;
using Pipeline.Api.Features.Leads;
using Pipeline.Api.Hosting;
using Pipeline.Domain.Accounts;
using Pipeline.Domain.Leads;
using Pipeline.Domain.Projects;

namespace Pipeline.Api.Features.Projects;

public static class ProjectEndpoints
{
    private static readonly string[] Changeable =
    [
        "name", "companyId", "industryCode", "totalInvestment", "fixedAssetInvestment", "landMode", "landAreaMu", "originRegion",
        "responsibleUnitId", "responsiblePersonId", "leaderId", "teamMemberIds", "isKey",
        "contractAmount", "plannedGroundbreakingOn", "plannedProductionOn",
    ];

    public static void MapProjects(this IEndpointRouteBuilder app)
    {
        var projects = app.MapGroup("/api/projects").WithTags("Projects");
        projects.MapGet("", List);
        projects.MapGet("/{id:long}", Get).WithName("GetProject");
        projects.MapGet("/{id:long}/history", ProjectLifecycle.History);
        projects.MapGet("/{id:long}/agreements", ProjectRecords.Agreements);
        projects.MapGet("/{id:long}/activities", ProjectRecords.Activities);

        var writers = projects.MapGroup("").RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Staff, Roles.Leader));
        writers.MapPost("", Create);
        writers.MapPatch("/{id:long}", Update);
        writers.MapPost("/{id:long}/transitions", ProjectLifecycle.Transition);
        writers.MapPost("/{id:long}/agreements", ProjectRecords.AddAgreement);
        writers.MapPost("/{id:long}/activities", ProjectRecords.AddActivity);
    }

    /// <summary>The project list, or with <c>?format=xlsx</c> the whole filtered ledger (项目台账) as Excel.</summary>
    private static async Task<Results<Ok<Paged<ProjectSummary>>, FileStreamHttpResult, ProblemHttpResult>> List(
        [AsParameters] ProjectQuery query, Caller caller, Db db, BusinessClock clock, CancellationToken ct)
    {
        var checks = new Checks().When(query.SignedFrom > query.SignedTo, "signedFrom", "Must not be after signedTo.");
        var stage = checks.Enum<Stage>("stage", query.Stage);
        if (Excel.FormatProblem(query.Format) is { } formatProblem)
        {
            return formatProblem;
        }

        if (Excel.Wanted(query.Format))
        {
            if (!checks.Ok)
            {
                return checks.Problem();
            }

            await using var session = await db.OpenForReportsAsync(ct);
            return await Excel.FileAsync(ProjectStore.Ledger(session, query, stage, caller), $"项目台账-{clock.Today:yyyyMMdd}.xlsx", ct);
        }

        var list = await Responses.PageAsync(db, query.Page, query.PageSize,
            (session, page) => ProjectStore.ListAsync(session, query, stage, caller, page.Skip, page.Take), ct, checks);
        return list.Result is ProblemHttpResult problem ? problem : (Ok<Paged<ProjectSummary>>)list.Result;
    }

    private static async Task<Results<Ok<ProjectDto>, ProblemHttpResult>> Get(
        long id, Caller caller, Db db, HttpResponse response, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var row = await ProjectStore.FindAsync(session, id, caller);
        return Responses.Found(row is null ? null : ProjectStore.ToDto(row), response,
            NotFoundMessage(id));
    }

    private static async Task<Results<CreatedAtRoute<ProjectDto>, ProblemHttpResult>> Create(
        CreateProject request, Caller caller, Db db, AuditLog audit, BusinessClock clock, HttpResponse response, CancellationToken ct)
    {
        var today = clock.Today;
        var checks = CheckFields(new Checks(), request).NotFuture("talksStartedOn", request.TalksStartedOn, today);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        await using var session = await db.BeginAsync(ct);
        var unitWritable = await ProjectReferences.CheckAsync(session, request, caller, checks);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        if (!unitWritable)
        {
            return Problems.Forbidden("You can register projects only for your own unit or its sub-units.");
        }

        long id;
        if (request.SourceLeadId is { } leadId)
        {
            var (lead, leadProblem) = await LeadEndpoints.FindForActionAsync(session, leadId, LeadAction.Convert, caller);
            if (lead is null)
            {
                return leadProblem!.StatusCode == StatusCodes.Status404NotFound ? Problems.Invalid("sourceLeadId", leadProblem.ProblemDetails.Detail!) : leadProblem;
            }

            if (LeadRules.Refusal(lead.Status, LeadAction.Convert) is { } refusal)
            {
                return Problems.Conflict(refusal.Code, refusal.Reason);
            }

            id = await LeadEndpoints.ConvertAsync(session, lead, request, caller, audit, clock);
        }
        else
        {
            id = await ProjectStore.InsertAsync(session, request, request.TalksStartedOn ?? today, caller.Id, clock.UtcNow);
            await audit.WriteAsync(session, "create", "project", id, request.Name);
        }

        var project = ProjectStore.ToDto((await ProjectStore.FindAsync(session, id, caller))!);
        await session.CommitAsync();
        ETags.Set(response, project.Version);
        return TypedResults.CreatedAtRoute(project, "GetProject", new { id });
    }

    private static async Task<Results<Ok<ProjectDto>, ProblemHttpResult>> Update(
        long id, JsonObject body, Caller caller, Db db, AuditLog audit, BusinessClock clock, IOptions<JsonOptions> json,
        HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var (expected, etagProblem) = ETags.Expected(request);
        if (etagProblem is not null)
        {
            return etagProblem;
        }

        await using var session = await db.BeginAsync(ct);
        var (current, problem) = await ProjectStore.FindForChangeAsync(session, id, caller);
        if (current is null)
        {
            return problem!;
        }

        var patch = new Patch(body, json.Value.SerializerOptions, new Checks()).Allow(Changeable);
        var team = patch.Has("teamMemberIds")
            ? patch.Get<IReadOnlyList<long>>("teamMemberIds") ?? []
            : await session.QueryAsync<long>("SELECT user_id FROM project_team WHERE project_id = @id", new { id });
        var merged = new CreateProject(
            patch.Or("name", current.Name, clearable: false),
            patch.Or("companyId", current.CompanyId),
            patch.Or("industryCode", current.IndustryCode, clearable: false),
            patch.Or<decimal?>("totalInvestment", Quantity(current.TotalInvestment), clearable: false),
            patch.Or("fixedAssetInvestment", Quantity(current.FixedAssetInvestment)),
            patch.Or<LandMode?>("landMode", current.LandMode, clearable: false),
            patch.Or("landAreaMu", Quantity(current.LandAreaMu)),
            patch.Or("originRegion", current.OriginRegion),
            current.SourceLeadId,
            patch.Or<long?>("responsibleUnitId", current.ResponsibleUnitId, clearable: false),
            patch.Or("responsiblePersonId", current.ResponsiblePersonId),
            patch.Or("leaderId", current.LeaderId),
            team,
            patch.Or<bool?>("isKey", current.IsKey, clearable: false),
            TalksStartedOn: null);
        var contractAmount = patch.Or("contractAmount", Quantity(current.ContractAmount));
        var plannedGroundbreakingOn = patch.Or("plannedGroundbreakingOn", current.PlannedGroundbreakingOn);
        var plannedProductionOn = patch.Or("plannedProductionOn", current.PlannedProductionOn);
        var checks = CheckFields(patch.Checks, merged)
            .Quantity("contractAmount", contractAmount)
            .When(plannedProductionOn < plannedGroundbreakingOn, "plannedProductionOn", "Must not be before plannedGroundbreakingOn.");
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        if (current.Version != expected)
        {
            return Problems.PreconditionFailed(current.Version);
        }

        var signed = current.SignedOn is not null;
        if (signed && current.Stage != Stage.Dropped && merged.ResponsiblePersonId is null)
        {
            return Problems.Conflict("project.responsibleRequired",
                "A signed project must keep a responsible person (责任人); name another one instead of clearing it.");
        }

        if (signed && merged.LandMode != current.LandMode)
        {
            return Problems.Conflict("project.landModeLocked",
                "The land mode of a signed project is fixed; its path to groundbreaking depends on it.");
        }

        if (!await ProjectReferences.CheckAsync(session, merged, caller, checks))
        {
            return Problems.Forbidden("You can assign projects only to your own unit or its sub-units.");
        }

        if (!checks.Ok)
        {
            return checks.Problem();
        }

        var updated = await session.ExecuteAsync("""
            UPDATE projects SET name = @Name, company_id = @CompanyId, industry_code = @IndustryCode, total_investment = @TotalInvestment,
                fixed_asset_investment = @FixedAssetInvestment, land_mode = @LandMode, land_area_mu = @LandAreaMu, origin_region = @OriginRegion,
                responsible_unit_id = @ResponsibleUnitId, responsible_person_id = @ResponsiblePersonId, leader_id = @LeaderId, is_key = @IsKey,
                contract_amount = @ContractAmount, planned_groundbreaking_on = @PlannedGroundbreakingOn, planned_production_on = @PlannedProductionOn,
                version = version + 1, updated_at = @Now
            WHERE id = @id AND version = @expected
            """,
            new
            {
                id,
                expected,
                Name = merged.Name!.Trim(),
                merged.CompanyId,
                merged.IndustryCode,
                TotalInvestment = ProjectStore.Stored(merged.TotalInvestment),
                FixedAssetInvestment = ProjectStore.Stored(merged.FixedAssetInvestment),
                LandMode = merged.LandMode!.Value.Code(),
                LandAreaMu = ProjectStore.Stored(merged.LandAreaMu),
                merged.OriginRegion,
                merged.ResponsibleUnitId,
                merged.ResponsiblePersonId,
                merged.LeaderId,
                merged.IsKey,
                ContractAmount = ProjectStore.Stored(contractAmount),
                PlannedGroundbreakingOn = plannedGroundbreakingOn,
                PlannedProductionOn = plannedProductionOn,
                Now = clock.UtcNow,
            });
        if (updated == 0)
        {
            return Problems.PreconditionFailed(current.Version + 1);
        }

        if (patch.Has("teamMemberIds"))
        {
            await ProjectStore.ReplaceTeamAsync(session, id, team);
        }

        await audit.WriteAsync(session, "update", "project", id, $"changed {string.Join(", ", body.Select(p => p.Key))}");
        var project = ProjectStore.ToDto((await ProjectStore.FindAsync(session, id, caller))!);
        await session.CommitAsync();
        ETags.Set(response, project.Version);
        return TypedResults.Ok(project);
    }

    public static ProblemHttpResult NotFound(long id) => Problems.NotFound(NotFoundMessage(id));

    private static string NotFoundMessage(long id) => $"There is no project {id}, or it is outside what you may see.";

    public static ProblemHttpResult CannotChange() =>
        Problems.Forbidden("You may read this project but not change it: it belongs to another unit or another leader.");

    private static decimal? Quantity(long? stored) => Pipeline.Domain.Quantities.FromStored(stored);

    public static Checks CheckFields(Checks checks, CreateProject project) => checks
        .Text("name", project.Name, 200, required: true)
        .Required("industryCode", project.IndustryCode)
        .Quantity("totalInvestment", project.TotalInvestment, required: true)
        .Quantity("fixedAssetInvestment", project.FixedAssetInvestment, allowZero: true)
        .When(project.FixedAssetInvestment > project.TotalInvestment, "fixedAssetInvestment", "Must not exceed totalInvestment.")
        .Required("landMode", project.LandMode)
        .Quantity("landAreaMu", project.LandAreaMu)
        .Text("originRegion", project.OriginRegion, 100)
        .Required("responsibleUnitId", project.ResponsibleUnitId);
}
