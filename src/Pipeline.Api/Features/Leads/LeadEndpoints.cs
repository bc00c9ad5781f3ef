using Pipeline.Api.Features.Companies;
using Pipeline.Api.Features.Projects;
using Pipeline.Api.Features.Trips;
using Pipeline.Api.Features.Units;
using Pipeline.Domain.Accounts;
using Pipeline.Domain.Leads;
using Pipeline.Domain.Projects;

namespace Pipeline.Api.Features.Leads;

/// <summary>Leads (线索): logged with what makes them usable, checked for duplicates, verified, and converted into projects once.</summary>
public static class LeadEndpoints
{
    public static void AddLeads(this WebApplicationBuilder builder) => builder.Services.AddSettings<LeadOptions>();

    public static void MapLeads(this RouteGroupBuilder api)
    {
        var leads = api.MapGroup("/leads").WithTags("Leads");
        leads.MapGet("", List).WithDataVersion().WithSummary("查询线索");
        leads.MapGet("/{id:long}", Get).WithSummary("查看线索").WithName("GetLead");
        var workers = leads.MapGroup("").RequireAuthorization(Policies.ProjectWork);
        workers.MapPost("", Create).WithSummary("登记线索");
        workers.MapGet("/duplicates", Duplicates).WithSummary("查找可能重复的线索、企业和项目");
        workers.MapPost("/{id:long}/verify", (long id, [AsParameters] ApiContext ctx, IOptions<LeadOptions> options) =>
            Move(id, LeadAction.Verify, null, ctx, options.Value)).WithSummary("核实线索");
        workers.MapPost("/{id:long}/drop", (long id, LeadReason request, [AsParameters] ApiContext ctx, IOptions<LeadOptions> options) =>
            Move(id, LeadAction.Drop, request.Reason, ctx, options.Value)).WithSummary("放弃线索");
        workers.MapPost("/{id:long}/mark-false", (long id, LeadReason request, [AsParameters] ApiContext ctx, IOptions<LeadOptions> options) =>
            Move(id, LeadAction.MarkFalse, request.Reason, ctx, options.Value)).WithSummary("标记线索为虚报");
        workers.MapPost("/{id:long}/convert", Convert).WithSummary("线索转为项目");
    }

    /// <summary>The lead sheet (线索).</summary>
    public static readonly Columns<LeadRow> Sheet = new Columns<LeadRow>()
        .Text("线索名称", l => l.Title, 28)
        .Text("登记单位", l => l.UnitName, 18)
        .Text("投资方", l => l.CompanyName, 24)
        .Text("统一社会信用代码", l => l.CreditCode, 20)
        .Coded("所属产业", l => l.IndustryCode, l => l.IndustryName)
        .Amount("预计投资(万元)", l => Quantities.FromStored(l.EstimatedInvestment))
        .Text("线索来源", l => l.Source.Chinese(), 10)
        .Text("状态", l => l.Status.Chinese(), 8)
        .Date("登记日期", l => l.LoggedOn)
        .Date("核实日期", l => l.VerifiedOn)
        .Text("联系人", l => l.ContactName, 10)
        .Text("联系电话", l => l.ContactPhone, 14)
        .Text("线索内容", l => l.Content, 40)
        .Text("投资方诉求", l => l.InvestorRequirements, 30)
        .Text("状态说明", l => l.StatusReason, 20);

    private static Task<Results<Ok<Paged<LeadDto>>, FileStreamHttpResult, ProblemHttpResult>> List([AsParameters] LeadQuery query, [AsParameters] ApiContext ctx)
    {
        var checks = new Checks();
        var status = checks.Enum<LeadStatus>("status", query.Status);
        var today = ctx.Clock.Today;
        return Responses.ListAsync(ctx.Db, query.Format, query.Page, query.PageSize,
            (session, page) => LeadStore.ListAsync(session, query, status, ctx.Caller, page.Skip, page.Take),
            session => Excel.FileAsync($"线索-{today:yyyyMMdd}.xlsx", ctx.Ct,
                new Sheet<LeadRow>("线索", Excel.Title("招商线索", null, today), Sheet, LeadStore.Export(session, query, status, ctx.Caller))),
            ctx.Ct, checks);
    }

    /// <summary>Possible duplicates of what is being typed into the lead form, before it is saved.</summary>
    private static async Task<Results<Ok<DuplicateCheck>, ProblemHttpResult>> Duplicates([AsParameters] DuplicateQuery query, [AsParameters] ApiContext ctx)
    {
        var name = query.CompanyName?.Trim() ?? "";
        var code = string.IsNullOrWhiteSpace(query.CreditCode) ? null : Domain.Companies.CreditCode.Normalize(query.CreditCode);
        if (name.Length == 0 && code is null)
        {
            return Problems.Invalid("companyName", Messages.LeadDuplicateQueryRequired);
        }

        // A name of nothing but a legal form ("有限公司") folds to nothing and is no name to compare: null matches no row.
        var key = Domain.Companies.CompanyName.Key(name) is { Length: > 0 } folded ? folded : null;
        await using var session = await ctx.Db.OpenAsync(ctx.Ct);
        return TypedResults.Ok(await LeadStore.DuplicatesAsync(session, key, code));
    }

    private static Task<Results<Ok<LeadDto>, ProblemHttpResult>> Get(long id, [AsParameters] ApiContext ctx, HttpResponse response) =>
        Responses.FoundAsync(ctx.Db, async session => (await LeadStore.FindAsync(session, id, ctx.Caller))?.ToDto(), response, () => LeadProblems.NotFoundMessage(id), ctx.Ct);

    private static async Task<Results<CreatedAtRoute<LeadDto>, ProblemHttpResult>> Create(CreateLead request, [AsParameters] ApiContext ctx, HttpResponse response)
    {
        var caller = ctx.Caller;
        var unitId = request.UnitId ?? caller.UnitId;
        if (unitId is null)
        {
            return Problems.Invalid("unitId", Messages.LeadUnitRequired);
        }

        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        var checks = new Checks();
        await new ReferenceCheck()
            .Row("companyId", "companies", request.CompanyId, Words.Format(Messages.CompanyNotFound, request.CompanyId))
            .Industry("industryCode", request.IndustryCode)
            .Row("unitId", "units", unitId, Words.Format(Messages.UnitNotFound, unitId))
            .CheckAsync(session, checks);
        if (request.TripId is { } tripId && await TripStore.FindAsync(session, tripId, caller, ctx.Clock.Today, approvalRequired: false) is null)
        {
            checks.Add("tripId", Words.Format(Messages.TripNotFound, tripId));
        }

        if (!checks.Ok)
        {
            return checks.Problem();
        }

        if (!caller.Is(Role.Admin | Role.Leader) && !(caller.UnitId is { } own && await UnitStore.IsWithinAsync(session, unitId.Value, own)))
        {
            return Problems.Forbidden(Messages.LeadLogOwnUnit);
        }

        var company = request.CompanyId is { } companyId ? await CompanyStore.FindAsync(session, companyId) : null;
        var id = await LeadStore.InsertAsync(session, new NewLead(
            unitId.Value, request.Title!.Trim(), company?.Id, company?.Name ?? request.CompanyName!.Trim(), company?.CreditCode ?? request.NormalizedCreditCode,
            request.IndustryCode!, request.EstimatedInvestment!.Value, request.Content!.Trim(), request.InvestorRequirements!.Trim(),
            request.ContactName!.Trim(), request.ContactPhone!.Trim(), request.Source!.Value, request.TripId, ctx.Clock.Today, caller.Id), ctx.Clock.UtcNow);
        await ctx.Audit.WriteAsync(session, "create", "lead", id, request.Title);
        var lead = (await LeadStore.FindAsync(session, id, caller))!.ToDto();
        var duplicates = await LeadStore.PossibleDuplicatesAsync(session, id, lead.CompanyName, lead.CreditCode);
        return await Responses.CommitCreatedAsync(session, response, lead with { PossibleDuplicates = duplicates }, "GetLead", new { id });
    }

    private static async Task<Results<Ok<LeadDto>, ProblemHttpResult>> Move(long id, LeadAction action, string? reason, ApiContext ctx, LeadOptions options)
    {
        var checks = new Checks().Text("reason", reason, 1000, required: action is LeadAction.Drop or LeadAction.MarkFalse);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        var lead = await LeadStore.FindAsync(session, id, ctx.Caller);
        if (LeadProblems.ActionRefusal(lead, id, action, ctx.Caller, options.SecondPersonVerifies) is { } refusal)
        {
            return refusal;
        }

        var to = LeadRules.Target(action);
        if (!await LeadStore.MoveAsync(session, id, lead!.Status, to, reason?.Trim(), null, ctx.Caller.Id, ctx.Clock.Today, ctx.Clock.UtcNow))
        {
            return Problems.Conflict(LeadRules.NotAllowed, Messages.LeadChangedJustNow);
        }

        await ctx.Audit.WriteAsync(session, LeadRules.Code(to) == "false" ? "markFalse" : action.ToString().ToLowerInvariant(), "lead", id, reason);
        var moved = (await LeadStore.FindAsync(session, id, ctx.Caller))!.ToDto();
        await session.CommitAsync();
        return TypedResults.Ok(moved);
    }

    private static async Task<Results<Created<ProjectDto>, ProblemHttpResult>> Convert(long id, ConvertLead request, [AsParameters] ApiContext ctx)
    {
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        var lead = await LeadStore.FindAsync(session, id, ctx.Caller);
        if (LeadProblems.ActionRefusal(lead, id, LeadAction.Convert, ctx.Caller, secondPersonVerifies: false) is { } refusal)
        {
            return refusal;
        }

        var project = new CreateProject(
            request.Name ?? lead!.Title, lead!.CompanyId, lead.IndustryCode, Pipeline.Domain.Quantities.FromStored(lead.EstimatedInvestment), null,
            request.LandMode ?? LandMode.NewLand, request.LandAreaMu, null, lead.Id, request.ResponsibleUnitId ?? lead.UnitId,
            request.ResponsiblePersonId, request.LeaderId, [], false, request.TalksStartedOn);
        var checks = new Checks();
        project.Check(checks, ctx.Clock.Today);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        if (!await ProjectReferences.CheckAsync(session, project, ctx.Caller, checks))
        {
            return Problems.Forbidden(Messages.ProjectAssignOwnUnit);
        }

        if (!checks.Ok)
        {
            return checks.Problem();
        }

        var projectId = await LeadConversion.ConvertAsync(session, lead, project, ctx.Caller, ctx.Audit, ctx.Clock.Today, ctx.Clock.UtcNow);
        var created = ProjectStore.ToDto((await ProjectStore.FindAsync(session, projectId, ctx.Caller))!);
        await session.CommitAsync();
        return TypedResults.Created($"/api/projects/{projectId}", created);
    }
}
