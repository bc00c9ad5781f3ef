namespace Pipeline.Api.Features.Units;

/// <summary>The unit tree: the bureau, its sections, townships, parks and departments, with their heads.</summary>
public static class UnitEndpoints
{
    public static void MapUnits(this RouteGroupBuilder api)
    {
        var units = api.MapGroup("/units").WithTags("Units");
        units.MapGet("", List).WithSummary("查询单位");
        units.MapGet("/{id:long}", Get).WithSummary("查看单位").WithName("GetUnit");
        units.MapPost("", Create).WithSummary("新建单位").RequireAuthorization(Policies.Admin);
        units.MapPatch("/{id:long}", Update).WithSummary("修改单位").RequireAuthorization(Policies.Admin);
    }

    private static Task<Results<Ok<Paged<UnitDto>>, ProblemHttpResult>> List([AsParameters] UnitQuery query, [AsParameters] ApiContext ctx) =>
        Responses.PageAsync(ctx.Db, query.Page, query.PageSize, (session, page) => UnitStore.ListAsync(session, query, page.Skip, page.Take), ctx.Ct);

    private static Task<Results<Ok<UnitDto>, ProblemHttpResult>> Get(long id, [AsParameters] ApiContext ctx, HttpResponse response) =>
        Responses.FoundAsync(ctx.Db, session => UnitStore.FindAsync(session, id), response, () => NotFound(id), ctx.Ct);

    private static async Task<Results<CreatedAtRoute<UnitDto>, ProblemHttpResult>> Create(CreateUnit request, [AsParameters] ApiContext ctx, HttpResponse response)
    {
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        var checks = new Checks();
        await new ReferenceCheck()
            .Row("parentId", "units", request.ParentId, NotFound(request.ParentId))
            .ActiveUsers("headUserId", request.HeadUserId is { } head ? [head] : [], Words.Format(Messages.ActiveUserNotFound, request.HeadUserId))
            .CheckAsync(session, checks);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        if (await session.UnlessDuplicateAsync(() =>
                UnitStore.InsertAsync(session, request.Name!.Trim(), request.Kind!.Value, request.ParentId, ctx.Clock.UtcNow, request.HeadUserId)) is not { } id)
        {
            return DuplicateName(request.Name!);
        }

        await ctx.Audit.WriteAsync(session, "create", "unit", id, request.Name);
        var unit = (await UnitStore.FindAsync(session, id))!;
        return await Responses.CommitCreatedAsync(session, response, unit, "GetUnit", new { id });
    }

    private static async Task<Results<Ok<UnitDto>, ProblemHttpResult>> Update(
        long id, Patch patch, IfMatch ifMatch, [AsParameters] ApiContext ctx, HttpResponse response)
    {
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        var current = await UnitStore.FindAsync(session, id);
        if (current is null)
        {
            return Problems.NotFound(NotFound(id));
        }

        patch.Allow("name", "kind", "parentId", "headUserId");
        var name = patch.Or("name", current.Name, clearable: false);
        var kind = patch.Or("kind", current.Kind, clearable: false);
        var parentId = patch.Or("parentId", current.ParentId);
        var headUserId = patch.Or("headUserId", current.HeadUserId);
        var checks = patch.Checks.Text("name", name, 200, required: true);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        if (!ifMatch.Matches(current.Version))
        {
            return Problems.PreconditionFailed(current.Version);
        }

        if (headUserId is { } head && head != current.HeadUserId)
        {
            await new ReferenceCheck().ActiveUsers("headUserId", [head], Words.Format(Messages.ActiveUserNotFound, head)).CheckAsync(session, checks);
            if (!checks.Ok)
            {
                return checks.Problem();
            }
        }

        if (parentId != current.ParentId && parentId is { } newParent)
        {
            if (!await UnitStore.ExistsAsync(session, newParent))
            {
                return Problems.Invalid("parentId", NotFound(newParent));
            }

            if (await UnitStore.IsWithinAsync(session, newParent, id))
            {
                return Problems.Conflict("unit.cycle", Messages.UnitCycle);
            }
        }

        switch (await session.UnlessDuplicateAsync(() => UnitStore.UpdateAsync(session, id, ifMatch.Version, name!.Trim(), kind, parentId, headUserId, ctx.Clock.UtcNow)))
        {
            case null:
                return DuplicateName(name!);
            case false:
                return Problems.PreconditionFailed(current.Version + 1);
        }

        if (parentId != current.ParentId)
        {
            await UnitStore.MoveAsync(session, id, parentId);
        }

        var unit = (await UnitStore.FindAsync(session, id))!;
        await ctx.Audit.WriteAsync(session, "update", "unit", id, AuditLog.Changes(current, unit, patch.Fields));
        return await Responses.CommitOkAsync(session, response, unit);
    }

    private static string NotFound(long? id) => Words.Format(Messages.UnitNotFound, id);

    private static ProblemHttpResult DuplicateName(string name) =>
        Problems.Conflict("unit.duplicateName", Words.Format(Messages.UnitNameTaken, name.Trim()));
}
