namespace Pipeline.Api.Features.Land;

/// <summary>The land side of the pipeline: the year's land plan (quota in 亩) and the parcels that supply it (一张图、一张表).</summary>
public static class LandEndpoints
{
    public static void MapLand(this RouteGroupBuilder api)
    {
        var parcels = api.MapGroup("/parcels").WithTags("Land");
        parcels.MapGet("", List).WithSummary("查询地块");
        parcels.MapGet("/{id:long}", Get).WithSummary("查看地块").WithName("GetParcel");
        parcels.MapPost("", Create).WithSummary("登记地块").RequireAuthorization(Policies.Admin);
        parcels.MapPatch("/{id:long}", Update).WithSummary("修改地块").RequireAuthorization(Policies.Admin);

        var plans = api.MapGroup("/land-plans").WithTags("Land");
        plans.MapGet("/{year:int}", GetPlan).WithSummary("查看年度用地计划");
        plans.MapPut("/{year:int}", PutPlan).WithSummary("设置年度用地计划").RequireAuthorization(Policies.Admin);
    }

    private static Task<Results<Ok<Paged<ParcelDto>>, ProblemHttpResult>> List([AsParameters] ParcelQuery query, [AsParameters] ApiContext ctx)
    {
        var checks = new Checks();
        var status = checks.Enum<ParcelStatus>("status", query.Status);
        return Responses.PageAsync(ctx.Db, query.Page, query.PageSize,
            (session, page) => LandStore.ListParcelsAsync(session, status, query.Q, page.Skip, page.Take), ctx.Ct, checks);
    }

    private static Task<Results<Ok<ParcelDto>, ProblemHttpResult>> Get(long id, [AsParameters] ApiContext ctx, HttpResponse response) =>
        Responses.FoundAsync(ctx.Db, session => LandStore.FindParcelAsync(session, id), response, () => NotFound(id), ctx.Ct);

    private static async Task<Results<CreatedAtRoute<ParcelDto>, ProblemHttpResult>> Create(
        CreateParcel request, [AsParameters] ApiContext ctx, HttpResponse response)
    {
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        if (await session.UnlessDuplicateAsync(() => LandStore.InsertParcelAsync(session, request.Code!.Trim(), request.Location!.Trim(), request.AreaMu!.Value,
                request.Status ?? ParcelStatus.Available, request.Outline?.GetRawText(), ctx.Clock.UtcNow)) is not { } id)
        {
            return Problems.Conflict("parcel.duplicateCode", Words.Format(Messages.ParcelCodeTaken, request.Code!.Trim()));
        }

        await ctx.Audit.WriteAsync(session, "create", "parcel", id, $"{request.Code} {request.AreaMu} 亩");
        var parcel = (await LandStore.FindParcelAsync(session, id))!;
        return await Responses.CommitCreatedAsync(session, response, parcel, "GetParcel", new { id });
    }

    private static async Task<Results<Ok<ParcelDto>, ProblemHttpResult>> Update(
        long id, Patch patch, IfMatch ifMatch, [AsParameters] ApiContext ctx, HttpResponse response)
    {
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        var current = await LandStore.FindParcelAsync(session, id);
        if (current is null)
        {
            return Problems.NotFound(NotFound(id));
        }

        patch.Allow("location", "areaMu", "status", "outline");
        var location = patch.Or("location", current.Location, clearable: false);
        var area = patch.Or<decimal?>("areaMu", current.AreaMu, clearable: false);
        var status = patch.Or<ParcelStatus?>("status", current.Status, clearable: false);
        var outline = patch.Or("outline", current.Outline);
        var checks = ParcelChecks.Check(patch.Checks, location, area, outline)
            .When(current.ProjectId is not null && status != ParcelStatus.Supplied, "status", Words.Format(Messages.ParcelSuppliedToProject, current.ProjectId));
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        if (!await LandStore.UpdateParcelAsync(session, id, ifMatch.Version, location!.Trim(), area!.Value, status!.Value, outline?.GetRawText(), ctx.Clock.UtcNow))
        {
            return Problems.PreconditionFailed(current.Version);
        }

        var parcel = (await LandStore.FindParcelAsync(session, id))!;
        await ctx.Audit.WriteAsync(session, "update", "parcel", id, AuditLog.Changes(current, parcel, patch.Fields));
        return await Responses.CommitOkAsync(session, response, parcel);
    }

    private static Task<Results<Ok<LandPlanDto>, ProblemHttpResult>> GetPlan(int year, [AsParameters] ApiContext ctx, HttpResponse response) =>
        Responses.FoundAsync(ctx.Db, session => LandStore.PlanAsync(session, year), response, () => Words.Format(Messages.LandPlanNotFound, year), ctx.Ct);

    /// <summary>Sets the year's quota; updating an existing plan needs its ETag.</summary>
    private static async Task<Results<Ok<LandPlanDto>, ProblemHttpResult>> PutPlan(
        int year, LandPlanInput request, [AsParameters] ApiContext ctx, HttpRequest http, HttpResponse response)
    {
        if (year is < 2000 or > 2100)
        {
            return Problems.Invalid("year", Words.Format(Messages.AYearSuchAs, 2026));
        }

        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        var current = await LandStore.PlanAsync(session, year);
        if (current is null)
        {
            if (!await LandStore.InsertPlanAsync(session, year, request.QuotaMu!.Value, ctx.Clock.UtcNow))
            {
                return Problems.PreconditionFailed(1);
            }
        }
        else
        {
            var ifMatch = IfMatch.Read(http);
            if (ifMatch.Problem is { } problem)
            {
                return problem;
            }

            if (!await LandStore.UpdatePlanAsync(session, year, ifMatch.Version, request.QuotaMu!.Value, ctx.Clock.UtcNow))
            {
                return Problems.PreconditionFailed(current.Version);
            }
        }

        var plan = (await LandStore.PlanAsync(session, year))!;
        await ctx.Audit.WriteAsync(session, "set", "landPlan", year, AuditLog.Changes(current, plan, []));
        return await Responses.CommitOkAsync(session, response, plan);
    }

    private static string NotFound(long id) => Words.Format(Messages.ParcelNotFound, id);
}
