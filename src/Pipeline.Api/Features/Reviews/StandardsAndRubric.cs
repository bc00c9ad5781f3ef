namespace Pipeline.Api.Features.Reviews;

/// <summary>The admin-managed yardsticks of pre-review: entry standards (准入标准) and the scoring rubric (评分表).</summary>
public static class StandardsAndRubric
{
    public static async Task<Ok<IReadOnlyList<EntryStandardDto>>> ListStandards([AsParameters] ApiContext ctx)
    {
        await using var session = await ctx.Db.OpenAsync(ctx.Ct);
        return TypedResults.Ok(await ReviewStore.StandardDtosAsync(session, null));
    }

    public static Task<Results<Ok<EntryStandardDto>, ProblemHttpResult>> GetStandard(long id, [AsParameters] ApiContext ctx, HttpResponse response) =>
        Responses.FoundAsync(ctx.Db, async session => (await ReviewStore.StandardDtosAsync(session, id)).SingleOrDefault(), response, () => NotFound(id), ctx.Ct);

    public static async Task<Results<CreatedAtRoute<EntryStandardDto>, ProblemHttpResult>> CreateStandard(
        EntryStandardInput request, [AsParameters] ApiContext ctx, HttpResponse response)
    {
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        var checks = new Checks();
        await new ReferenceCheck()
            .Industry("industryCode", request.IndustryCode)
            .Row("parkUnitId", "units", request.ParkUnitId, Words.Format(Messages.ParkNotFound, request.ParkUnitId), "r.kind = 'park'")
            .CheckAsync(session, checks);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        if (await session.UnlessDuplicateAsync(() => ReviewStore.InsertStandardAsync(session, request, ctx.Clock.UtcNow)) is not { } id)
        {
            return Problems.Conflict("entryStandard.duplicate", Messages.StandardDuplicate);
        }

        await ReviewStore.ReplaceThresholdsAsync(session, id, request.Thresholds!);
        await ctx.Audit.WriteAsync(session, "create", "entryStandard", id, request.Name);
        var standard = (await ReviewStore.StandardDtosAsync(session, id)).Single();
        return await Responses.CommitCreatedAsync(session, response, standard, "GetEntryStandard", new { id });
    }

    public static async Task<Results<Ok<EntryStandardDto>, ProblemHttpResult>> ReplaceStandard(
        long id, EntryStandardInput request, IfMatch ifMatch, [AsParameters] ApiContext ctx, HttpResponse response)
    {
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        var current = (await ReviewStore.StandardDtosAsync(session, id)).SingleOrDefault();
        if (current is null)
        {
            return Problems.NotFound(NotFound(id));
        }

        if (request.IndustryCode != current.IndustryCode || request.ParkUnitId != current.ParkUnitId)
        {
            return Problems.Invalid("industryCode", Messages.StandardScopeFixed);
        }

        if (!await ReviewStore.RenameStandardAsync(session, id, ifMatch.Version, request.Name!.Trim(), ctx.Clock.UtcNow))
        {
            return Problems.PreconditionFailed(current.Version);
        }

        await ReviewStore.ReplaceThresholdsAsync(session, id, request.Thresholds!);
        var standard = (await ReviewStore.StandardDtosAsync(session, id)).Single();
        await ctx.Audit.WriteAsync(session, "update", "entryStandard", id, AuditLog.Changes(current, standard, []));
        return await Responses.CommitOkAsync(session, response, standard);
    }

    public static async Task<Ok<RubricDto>> GetRubric([AsParameters] ApiContext ctx, HttpResponse response)
    {
        await using var session = await ctx.Db.OpenAsync(ctx.Ct);
        var rubric = await ReviewStore.RubricDtoAsync(session);
        ETags.Set(response, rubric.Version);
        return TypedResults.Ok(rubric);
    }

    /// <summary>Replaces the whole rubric (a new version), so that weights never add up to anything but 100 in between.</summary>
    public static async Task<Results<Ok<RubricDto>, ProblemHttpResult>> ReplaceRubric(
        RubricInput request, IfMatch ifMatch, [AsParameters] ApiContext ctx, HttpResponse response)
    {
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        var current = await ReviewStore.CurrentRubricIdAsync(session);
        if (!ifMatch.Matches((int)current))
        {
            return Problems.PreconditionFailed((int)current);
        }

        var before = await ReviewStore.RubricDtoAsync(session);
        var id = await ReviewStore.InsertRubricAsync(session, request.Rubric, ctx.Caller.Id, ctx.Clock.UtcNow);
        var rubric = await ReviewStore.RubricDtoAsync(session);
        await ctx.Audit.WriteAsync(session, "replace", "reviewRubric", id, AuditLog.Changes(before, rubric, []));
        return await Responses.CommitOkAsync(session, response, rubric);
    }

    private static string NotFound(long id) => Words.Format(Messages.StandardNotFound, id);
}
