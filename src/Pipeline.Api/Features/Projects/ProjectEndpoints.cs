using Pipeline.Api.Features.Leads;
using Pipeline.Api.Features.Units;
using Pipeline.Domain.Leads;
using Pipeline.Domain.Projects;

namespace Pipeline.Api.Features.Projects;

/// <summary>The project library (项目库): register, list, read and change projects, with their history, agreements and activities.</summary>
public static class ProjectEndpoints
{
    private static readonly string[] Changeable =
    [
        "name", "companyId", "industryCode", "totalInvestment", "fixedAssetInvestment", "landMode", "landAreaMu", "originRegion",
        "responsibleUnitId", "responsiblePersonId", "leaderId", "teamMemberIds", "isKey",
        "contractAmount", "plannedGroundbreakingOn", "plannedProductionOn",
    ];

    public static void AddProjects(this WebApplicationBuilder builder) => builder.Services.AddSingleton<ProjectMoves>().AddSingleton<NamesCache>();

    public static void MapProjects(this RouteGroupBuilder api)
    {
        var projects = api.MapGroup("/projects").WithTags("Projects");
        projects.MapGet("", List).WithDataVersion().WithSummary("查询项目列表（可导出 Excel 台账）");
        projects.MapGet("/{id:long}", Get).WithSummary("查看项目").WithName("GetProject");
        projects.MapGet("/{id:long}/history", History).WithSummary("查看项目阶段变更记录");
        projects.MapGet("/{id:long}/agreements", Agreements).WithSummary("查看项目协议");
        projects.MapGet("/{id:long}/activities", Activities).WithSummary("查看项目活动记录");

        var writers = projects.MapGroup("").RequireAuthorization(Policies.ProjectWork);
        writers.MapPost("", Create).WithSummary("登记项目");
        writers.MapPatch("/{id:long}", Update).WithSummary("修改项目（阶段除外）");
        writers.MapPost("/{id:long}/transitions", ProjectTransitions.Transition).WithSummary("项目阶段变更");
        writers.MapPost("/{id:long}/agreements", AddAgreement).WithSummary("登记协议");
        writers.MapPost("/{id:long}/activities", AddActivity).WithSummary("登记活动（走访、电话、会议等）");

        projects.MapGet("/{id:long}/contract-changes", ContractChanges.List).WithSummary("查看合同变更申请");
        writers.MapPost("/{id:long}/contract-changes", ContractChanges.Propose).WithSummary("提出合同变更申请");
        writers.MapPost("/{id:long}/contract-changes/{changeId:long}/approve", (long id, long changeId, ContractChangeDecision request, [AsParameters] ApiContext ctx) =>
            ContractChanges.DecideAsync(id, changeId, approve: true, request, ctx)).WithSummary("批准合同变更");
        writers.MapPost("/{id:long}/contract-changes/{changeId:long}/refuse", (long id, long changeId, ContractChangeDecision request, [AsParameters] ApiContext ctx) =>
            ContractChanges.DecideAsync(id, changeId, approve: false, request, ctx)).WithSummary("驳回合同变更");
    }

    /// <summary>The project list, or with <c>?format=xlsx</c> the whole filtered ledger (项目台账) as Excel.</summary>
    private static async Task<Results<Ok<Paged<ProjectSummary>>, FileStreamHttpResult, ProblemHttpResult>> List(
        [AsParameters] ProjectQuery query, NamesCache names, HttpContext http, [AsParameters] ApiContext ctx)
    {
        var checks = new Checks().When(query.SignedFrom > query.SignedTo, "signedFrom", Words.Format(Messages.NotAfter, "signedTo"));
        var stage = checks.Enum<Stage>("stage", query.Stage);
        query = query with { Origin = checks.Enum<ProjectOrigin>("origin", query.Origin)?.ToCode() };
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

            var today = ctx.Clock.Today;
            var period = query.SignedFrom is { } from && query.SignedTo is { } to ? "签约 " + Excel.Period(from, to) : null;
            await using var session = await ctx.Db.OpenForReportsAsync(ctx.Ct);
            return await Excel.FileAsync($"项目台账-{today:yyyyMMdd}.xlsx", ctx.Ct, new Sheet<Imports.LedgerRecord>("项目台账",
                Excel.Title(stage is { } s ? $"项目台账·{s.Chinese()}" : "项目台账", period, today), Imports.LedgerRecord.Sheet,
                ProjectStore.Ledger(session, query, stage, ctx.Caller)));
        }

        var list = await Responses.PageAsync(ctx.Db, query.Page, query.PageSize,
            async (session, page) => await ProjectStore.ListAsync(
                session, await names.CurrentAsync(session, ConditionalReads.VersionRead(http)), query, stage, ctx.Caller, page.Skip, page.Take),
            ctx.Ct, checks);
        return list.Result is ProblemHttpResult problem ? problem : (Ok<Paged<ProjectSummary>>)list.Result;
    }

    private static async Task<Results<Ok<ProjectDto>, ProblemHttpResult>> Get(long id, [AsParameters] ApiContext ctx, HttpResponse response)
    {
        await using var session = await ctx.Db.OpenAsync(ctx.Ct);
        var row = await ProjectStore.FindAsync(session, id, ctx.Caller);
        return Responses.Found(row is null ? null : ProjectStore.ToDto(row), response, () => ProjectProblems.NotFoundMessage(id));
    }

    private static async Task<Results<CreatedAtRoute<ProjectDto>, ProblemHttpResult>> Create(
        CreateProject request, [AsParameters] ApiContext ctx, HttpResponse response)
    {
        var (caller, today, now) = (ctx.Caller, ctx.Clock.Today, ctx.Clock.UtcNow);
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        var checks = new Checks();
        var unitWritable = await ProjectReferences.CheckAsync(session, request, caller, checks);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        if (!unitWritable)
        {
            return Problems.Forbidden(Messages.ProjectRegisterOwnUnit);
        }

        long id;
        if (request.SourceLeadId is { } leadId)
        {
            var lead = await LeadStore.FindAsync(session, leadId, caller);
            if (lead is null)
            {
                return Problems.Invalid("sourceLeadId", LeadProblems.NotFoundMessage(leadId));
            }

            if (LeadProblems.ActionRefusal(lead, leadId, LeadAction.Convert, caller, secondPersonVerifies: false) is { } refusal)
            {
                return refusal;
            }

            id = await LeadConversion.ConvertAsync(session, lead, request, caller, ctx.Audit, today, now);
        }
        else
        {
            id = await ProjectStore.CreateAsync(session, request, request.TalksStartedOn ?? today, caller.Id, now);
            await ctx.Audit.WriteAsync(session, "create", "project", id, request.Name);
        }

        var project = ProjectStore.ToDto((await ProjectStore.FindAsync(session, id, caller))!);
        return await Responses.CommitCreatedAsync(session, response, project, "GetProject", new { id });
    }

    private static async Task<Results<Ok<ProjectDto>, ProblemHttpResult>> Update(
        long id, Patch patch, IfMatch ifMatch, [AsParameters] ApiContext ctx, HttpResponse response)
    {
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        var current = await ProjectStore.FindAsync(session, id, ctx.Caller);
        if (ProjectProblems.ChangeRefusal(current, id) is { } refusal)
        {
            return refusal;
        }

        patch.Allow(Changeable);
        var team = patch.Has("teamMemberIds") ? patch.Get<IReadOnlyList<long>>("teamMemberIds") ?? [] : await ProjectStore.TeamAsync(session, id);
        var merged = new CreateProject(
            patch.Or("name", current!.Name, clearable: false),
            patch.Or("companyId", current.CompanyId),
            patch.Or("industryCode", current.IndustryCode, clearable: false),
            patch.Or<decimal?>("totalInvestment", Quantities.FromStored(current.TotalInvestment), clearable: false),
            patch.Or("fixedAssetInvestment", Quantities.FromStored(current.FixedAssetInvestment)),
            patch.Or<LandMode?>("landMode", current.LandMode, clearable: false),
            patch.Or("landAreaMu", Quantities.FromStored(current.LandAreaMu)),
            patch.Or("originRegion", current.OriginRegion),
            current.SourceLeadId,
            patch.Or<long?>("responsibleUnitId", current.ResponsibleUnitId, clearable: false),
            patch.Or("responsiblePersonId", current.ResponsiblePersonId),
            patch.Or("leaderId", current.LeaderId),
            team,
            patch.Or<bool?>("isKey", current.IsKey, clearable: false),
            TalksStartedOn: null);
        var contract = new ContractTerms(
            patch.Or("contractAmount", Quantities.FromStored(current.ContractAmount)),
            patch.Or("plannedGroundbreakingOn", current.PlannedGroundbreakingOn),
            patch.Or("plannedProductionOn", current.PlannedProductionOn));
        var checks = merged.CheckFields(patch.Checks)
            .Quantity("contractAmount", contract.Amount)
            .When(contract.PlannedProductionOn < contract.PlannedGroundbreakingOn, "plannedProductionOn", Words.Format(Messages.NotBefore, "plannedGroundbreakingOn"));
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        if (!ifMatch.Matches(current.Version))
        {
            return Problems.PreconditionFailed(current.Version);
        }

        var signed = current.SignedOn is not null;
        if (signed && contract != new ContractTerms(Quantities.FromStored(current.ContractAmount), current.PlannedGroundbreakingOn, current.PlannedProductionOn))
        {
            return Problems.Conflict("project.contractChangeRequired", Words.Format(Messages.ProjectContractChangeRequired, id));
        }

        if (signed && current.Stage != Stage.Dropped && merged.ResponsiblePersonId is null)
        {
            return Problems.Conflict("project.responsibleRequired", Messages.ProjectKeepsResponsible);
        }

        if (signed && merged.LandMode != current.LandMode)
        {
            return Problems.Conflict("project.landModeLocked", Messages.ProjectLandModeLocked);
        }

        if (!await ProjectReferences.CheckAsync(session, merged, ctx.Caller, checks))
        {
            return Problems.Forbidden(Messages.ProjectAssignOwnUnit);
        }

        if (!checks.Ok)
        {
            return checks.Problem();
        }

        if (!await ProjectStore.UpdateAsync(session, id, ifMatch.Version, merged, contract, ctx.Clock.UtcNow))
        {
            return Problems.PreconditionFailed(current.Version + 1);
        }

        if (patch.Has("teamMemberIds"))
        {
            await ProjectStore.ReplaceTeamAsync(session, id, team);
        }

        var project = ProjectStore.ToDto((await ProjectStore.FindAsync(session, id, ctx.Caller))!);
        await ctx.Audit.WriteAsync(session, "update", "project", id, AuditLog.Changes(ProjectStore.ToDto(current), project, patch.Fields));
        return await Responses.CommitOkAsync(session, response, project);
    }

    private static Task<Results<Ok<IReadOnlyList<HistoryEntry>>, ProblemHttpResult>> History(long id, [AsParameters] ApiContext ctx) =>
        ProjectProblems.ListIfVisibleAsync(id, ctx, session => ProjectStore.HistoryAsync(session, id));

    private static Task<Results<Ok<IReadOnlyList<AgreementDto>>, ProblemHttpResult>> Agreements(long id, [AsParameters] ApiContext ctx) =>
        ProjectProblems.ListIfVisibleAsync(id, ctx, session => ProjectStore.AgreementsAsync(session, id));

    private static async Task<Results<Created<AgreementDto>, ProblemHttpResult>> AddAgreement(long id, CreateAgreement request, [AsParameters] ApiContext ctx)
    {
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        var project = await ProjectStore.FindAsync(session, id, ctx.Caller);
        if (ProjectProblems.ChangeRefusal(project, id) is { } refusal)
        {
            return refusal;
        }

        if (request.Type is AgreementType.Formal or AgreementType.CapitalIncrease && project!.SignedOn is null)
        {
            return Problems.Conflict("agreement.formalNeedsSigning", Messages.AgreementNeedsSigning);
        }

        var agreementId = await ProjectStore.AddAgreementAsync(session,
            new NewAgreement(id, request.Type!.Value, request.SignedOn!.Value, request.Amount, request.Note, ctx.Caller.Id, ctx.Clock.UtcNow));
        await ctx.Audit.WriteAsync(session, "addAgreement", "project", id, $"{request.Type} agreement {agreementId} signed {request.SignedOn:yyyy-MM-dd}");
        var agreement = (await ProjectStore.AgreementsAsync(session, id, agreementId)).Single();
        await session.CommitAsync();
        return TypedResults.Created($"/api/projects/{id}/agreements", agreement);
    }

    private static async Task<Results<Created<ActivityDto>, ProblemHttpResult>> AddActivity(long id, CreateActivity request, [AsParameters] ApiContext ctx)
    {
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        if (ProjectProblems.ChangeRefusal(await ProjectStore.FindAsync(session, id, ctx.Caller), id) is { } refusal)
        {
            return refusal;
        }

        var activityId = await ProjectStore.AddActivityAsync(session, id, request.Kind!.Value, request.On ?? ctx.Clock.Today, request.Summary!.Trim(),
            ctx.Caller.Id, ctx.Clock.UtcNow);
        await ctx.Audit.WriteAsync(session, "addActivity", "project", id, $"{request.Kind} activity {activityId}");
        var activity = (await ProjectStore.ActivitiesAsync(session, id, activityId, 0, 1)).Items.Single();
        await session.CommitAsync();
        return TypedResults.Created($"/api/projects/{id}/activities", activity);
    }

    private static async Task<Results<Ok<Paged<ActivityDto>>, ProblemHttpResult>> Activities(long id, [AsParameters] ActivityQuery query, [AsParameters] ApiContext ctx)
    {
        var checks = new Checks();
        var page = PageRequest.From(query.Page, query.PageSize, checks);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        await using var session = await ctx.Db.OpenAsync(ctx.Ct);
        if (await ProjectStore.FindAsync(session, id, ctx.Caller) is null)
        {
            return ProjectProblems.NotFound(id);
        }

        var (items, total) = await ProjectStore.ActivitiesAsync(session, id, null, page.Skip, page.Take);
        return TypedResults.Ok(page.Of(items, total));
    }
}
