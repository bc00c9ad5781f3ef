using Pipeline.Api.Features.Units;

namespace Pipeline.Api.Features.Targets;

public sealed record TargetInput(int? SignedCount, decimal? SignedAmount, int? StartedCount) : ICheckedRequest
{
    public void Check(Checks checks, DateOnly today) => checks.Required("signedCount", SignedCount).Required("startedCount", StartedCount)
        .Quantity("signedAmount", SignedAmount, required: true, allowZero: true)
        .When(SignedCount < 0, "signedCount", Messages.NotNegative).When(StartedCount < 0, "startedCount", Messages.NotNegative);
}

/// <summary>The yearly targets the unit ranking (四季竞赛) scores each unit against.</summary>
public static class TargetEndpoints
{
    public static void MapTargets(this RouteGroupBuilder api)
    {
        var targets = api.MapGroup("/unit-targets").WithTags("Targets");
        targets.MapGet("", List).WithSummary("查询单位年度目标");
        targets.MapPut("/{year:int}/{unitId:long}", Put).WithSummary("设置单位年度目标").RequireAuthorization(Policies.Admin);
    }

    private static async Task<Ok<IReadOnlyList<TargetDto>>> List(int? year, [AsParameters] ApiContext ctx)
    {
        await using var session = await ctx.Db.OpenForReportsAsync(ctx.Ct);
        return TypedResults.Ok(await TargetStore.ListAsync(session, year ?? ctx.Clock.Today.Year, null));
    }

    /// <summary>Sets a unit's targets for a year; changing existing targets needs their ETag.</summary>
    private static async Task<Results<Ok<TargetDto>, ProblemHttpResult>> Put(
        int year, long unitId, TargetInput request, [AsParameters] ApiContext ctx, HttpRequest http, HttpResponse response)
    {
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        if (!await UnitStore.ExistsAsync(session, unitId))
        {
            return Problems.NotFound(Words.Format(Messages.UnitNotFound, unitId));
        }

        var now = ctx.Clock.UtcNow;
        var current = (await TargetStore.ListAsync(session, year, unitId)).SingleOrDefault();
        if (current is null)
        {
            if (!await TargetStore.InsertAsync(session, unitId, year, request, now))
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

            if (!await TargetStore.UpdateAsync(session, unitId, year, ifMatch.Version, request, now))
            {
                return Problems.PreconditionFailed(current.Version);
            }
        }

        var target = (await TargetStore.ListAsync(session, year, unitId)).Single();
        await ctx.Audit.WriteAsync(session, "setTargets", "unit", unitId, AuditLog.Changes(current, target, []));
        return await Responses.CommitOkAsync(session, response, target);
    }
}
