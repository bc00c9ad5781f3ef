namespace Pipeline.Api.Features.Industries;

/// <summary>The industry catalogue that projects, leads and entry standards refer to.</summary>
public static class IndustryEndpoints
{
    public static void MapIndustries(this RouteGroupBuilder api)
    {
        var industries = api.MapGroup("/industries").WithTags("Industries");
        industries.MapGet("", List).WithSummary("查询产业目录");
        industries.MapGet("/{code}", Get).WithSummary("查看产业").WithName("GetIndustry");
        industries.MapPost("", Create).WithSummary("新建产业").RequireAuthorization(Policies.Admin);
        industries.MapPatch("/{code}", Update).WithSummary("修改产业").RequireAuthorization(Policies.Admin);
    }

    private static Task<Results<Ok<Paged<IndustryDto>>, ProblemHttpResult>> List([AsParameters] IndustryQuery query, [AsParameters] ApiContext ctx) =>
        Responses.PageAsync(ctx.Db, query.Page, query.PageSize, (session, page) => IndustryStore.ListAsync(session, query, page.Skip, page.Take), ctx.Ct);

    private static Task<Results<Ok<IndustryDto>, ProblemHttpResult>> Get(string code, [AsParameters] ApiContext ctx, HttpResponse response) =>
        Responses.FoundAsync(ctx.Db, session => IndustryStore.FindAsync(session, code), response, () => NotFound(code), ctx.Ct);

    private static async Task<Results<CreatedAtRoute<IndustryDto>, ProblemHttpResult>> Create(CreateIndustry request, [AsParameters] ApiContext ctx, HttpResponse response)
    {
        var code = request.Code!.Trim().ToUpperInvariant();
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        if (request.ParentCode is { } parent && await IndustryStore.FindAsync(session, parent) is null)
        {
            return Problems.Invalid("parentCode", NotFound(parent));
        }

        try
        {
            await IndustryStore.InsertAsync(session, code, request.Name!.Trim(), request.ParentCode, request.IsPriority ?? false, ctx.Clock.UtcNow);
        }
        catch (System.Data.Common.DbException e) when (session.IsUniqueViolation(e))
        {
            return Problems.Conflict("industry.duplicateCode", Words.Format(Messages.IndustryCodeTaken, code));
        }

        await ctx.Audit.WriteAsync(session, "create", "industry", code, request.Name);
        var industry = (await IndustryStore.FindAsync(session, code))!;
        return await Responses.CommitCreatedAsync(session, response, industry, "GetIndustry", new { code });
    }

    private static async Task<Results<Ok<IndustryDto>, ProblemHttpResult>> Update(
        string code, Patch patch, IfMatch ifMatch, [AsParameters] ApiContext ctx, HttpResponse response)
    {
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        var current = await IndustryStore.FindAsync(session, code);
        if (current is null)
        {
            return Problems.NotFound(NotFound(code));
        }

        patch.Allow("name", "parentCode", "isPriority");
        var name = patch.Or("name", current.Name, clearable: false);
        var parentCode = patch.Or("parentCode", current.ParentCode);
        var isPriority = patch.Or("isPriority", current.IsPriority, clearable: false);
        var checks = patch.Checks.Text("name", name, 200, required: true)
            .When(parentCode == current.Code, "parentCode", Messages.IndustryOwnParent);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        if (!ifMatch.Matches(current.Version))
        {
            return Problems.PreconditionFailed(current.Version);
        }

        if (parentCode is not null && parentCode != current.ParentCode && await IndustryStore.FindAsync(session, parentCode) is null)
        {
            return Problems.Invalid("parentCode", NotFound(parentCode));
        }

        if (!await IndustryStore.UpdateAsync(session, current.Code, ifMatch.Version, name!.Trim(), parentCode, isPriority, ctx.Clock.UtcNow))
        {
            return Problems.PreconditionFailed(current.Version + 1);
        }

        var industry = (await IndustryStore.FindAsync(session, current.Code))!;
        await ctx.Audit.WriteAsync(session, "update", "industry", current.Code, AuditLog.Changes(current, industry, patch.Fields));
        return await Responses.CommitOkAsync(session, response, industry);
    }

    private static string NotFound(string code) => Words.Format(Messages.IndustryNotFound, code);
}
