using Pipeline.Api.Features.Industries;

namespace Pipeline.Api.Features.Companies;

/// <summary>Investors (客商), identified by their unified social credit code where they have one.</summary>
public static class CompanyEndpoints
{
    public static void MapCompanies(this RouteGroupBuilder api)
    {
        var companies = api.MapGroup("/companies").WithTags("Companies");
        companies.MapGet("", List).WithDataVersion().WithSummary("查询客商（企业）");
        companies.MapGet("/{id:long}", Get).WithSummary("查看客商（企业）").WithName("GetCompany");
        companies.MapPost("", Create).WithSummary("登记客商（企业）").RequireAuthorization(Policies.ProjectWork);
        companies.MapPatch("/{id:long}", Update).WithSummary("修改客商（企业）").RequireAuthorization(Policies.ProjectWork);
    }

    /// <summary>The company sheet (客商): the columns of the company ledger, so that an export imports again.</summary>
    public static readonly Columns<CompanySheetRow> Sheet = new Columns<CompanySheetRow>()
        .Text("企业名称", c => c.Name, 30)
        .Text("统一社会信用代码", c => c.CreditCode, 20)
        .Text("所在地区", c => c.Region, 14)
        .Coded("所属产业", c => c.IndustryCode, c => c.IndustryName)
        .Text("联系人", c => c.ContactName, 10)
        .Text("职务", c => c.ContactTitle, 10)
        .Text("联系电话", c => c.ContactPhone, 14)
        .Text("电子邮箱", c => c.ContactEmail, 20);

    private static Task<Results<Ok<Paged<CompanySummary>>, FileStreamHttpResult, ProblemHttpResult>> List([AsParameters] CompanyQuery query, [AsParameters] ApiContext ctx)
    {
        var today = ctx.Clock.Today;
        return Responses.ListAsync(ctx.Db, query.Format, query.Page, query.PageSize, (session, page) => CompanyStore.ListAsync(session, query, page.Skip, page.Take),
            session => Excel.FileAsync($"客商-{today:yyyyMMdd}.xlsx", ctx.Ct,
                new Sheet<CompanySheetRow>("客商", Excel.Title("客商名录", null, today), Sheet, CompanyStore.Export(session, query))),
            ctx.Ct);
    }

    private static Task<Results<Ok<CompanyDto>, ProblemHttpResult>> Get(long id, [AsParameters] ApiContext ctx, HttpResponse response) =>
        Responses.FoundAsync(ctx.Db, session => CompanyStore.FindAsync(session, id), response, () => NotFound(id), ctx.Ct);

    private static async Task<Results<CreatedAtRoute<CompanyDto>, ProblemHttpResult>> Create(CreateCompany request, [AsParameters] ApiContext ctx, HttpResponse response)
    {
        var creditCode = CompanyChecks.Normalize(request.CreditCode);
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        if (await ReferenceProblemAsync(session, request.IndustryCode, creditCode, exceptId: null) is { } problem)
        {
            return problem;
        }

        var id = await CompanyStore.InsertAsync(session, request.Name!.Trim(), creditCode, request.Region, request.IndustryCode, ctx.Caller.Id, ctx.Clock.UtcNow);
        await CompanyStore.ReplaceContactsAsync(session, id, request.Contacts ?? []);
        await ctx.Audit.WriteAsync(session, "create", "company", id, request.Name);
        var company = (await CompanyStore.FindAsync(session, id))!;
        return await Responses.CommitCreatedAsync(session, response, company, "GetCompany", new { id });
    }

    private static async Task<Results<Ok<CompanyDto>, ProblemHttpResult>> Update(
        long id, Patch patch, IfMatch ifMatch, [AsParameters] ApiContext ctx, HttpResponse response)
    {
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        var current = await CompanyStore.FindAsync(session, id);
        if (current is null)
        {
            return Problems.NotFound(NotFound(id));
        }

        patch.Allow("name", "creditCode", "region", "industryCode", "contacts");
        var name = patch.Or("name", current.Name, clearable: false);
        var creditCode = CompanyChecks.Normalize(patch.Or("creditCode", current.CreditCode));
        var region = patch.Or("region", current.Region);
        var industryCode = patch.Or("industryCode", current.IndustryCode);
        var contacts = patch.Or("contacts", current.Contacts) ?? [];
        var checks = CompanyChecks.Check(patch.Checks, name, creditCode, region, contacts);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        if (!ifMatch.Matches(current.Version))
        {
            return Problems.PreconditionFailed(current.Version);
        }

        if (await ReferenceProblemAsync(session, industryCode == current.IndustryCode ? null : industryCode, creditCode, exceptId: id) is { } problem)
        {
            return problem;
        }

        if (!await CompanyStore.UpdateAsync(session, id, ifMatch.Version, name!.Trim(), creditCode, region, industryCode, ctx.Clock.UtcNow))
        {
            return Problems.PreconditionFailed(current.Version + 1);
        }

        if (patch.Has("contacts"))
        {
            await CompanyStore.ReplaceContactsAsync(session, id, contacts);
        }

        var company = (await CompanyStore.FindAsync(session, id))!;
        await ctx.Audit.WriteAsync(session, "update", "company", id, AuditLog.Changes(current, company, patch.Fields));
        return await Responses.CommitOkAsync(session, response, company);
    }

    private static async Task<ProblemHttpResult?> ReferenceProblemAsync(DbSession session, string? industryCode, string? creditCode, long? exceptId)
    {
        if (industryCode is not null && await IndustryStore.FindAsync(session, industryCode) is null)
        {
            return Problems.Invalid("industryCode", Words.Format(Messages.IndustryNotFound, industryCode));
        }

        if (creditCode is not null && await CompanyStore.FindIdByCreditCodeAsync(session, creditCode) is { } existing && existing != exceptId)
        {
            return Problems.Conflict("company.duplicateCreditCode",
                Words.Format(Messages.CreditCodeTaken, existing, creditCode), new Dictionary<string, object?> { ["existingId"] = existing });
        }

        return null;
    }

    private static string NotFound(long id) => Words.Format(Messages.CompanyNotFound, id);
}
