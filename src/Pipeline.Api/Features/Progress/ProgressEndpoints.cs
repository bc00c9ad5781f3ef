using Pipeline.Api.Features.Projects;

namespace Pipeline.Api.Features.Progress;

/// <summary>Investment progress (累计完成投资), the contract's phased commitments, yearly performance after production, and how they stand.</summary>
public static class ProgressEndpoints
{
    public static void MapProgress(this RouteGroupBuilder api)
    {
        var progress = api.MapGroup("/projects/{id:long}").WithTags("Progress");
        progress.MapGet("/progress", Get).WithSummary("查看项目建设进度与达效");
        var writers = progress.MapGroup("").RequireAuthorization(Policies.ProjectWork);
        writers.MapPost("/investments", RecordInvestment).WithSummary("登记月度完成投资");
        writers.MapPost("/commitments", AddCommitment).WithSummary("登记项目承诺事项");
        writers.MapPut("/performance/{year:int}", RecordPerformance).WithSummary("登记年度亩均效益（税收、产值、能耗）");
    }

    private static async Task<Results<Ok<ProgressDto>, ProblemHttpResult>> Get(long id, [AsParameters] ApiContext ctx)
    {
        await using var session = await ctx.Db.OpenAsync(ctx.Ct);
        var project = await ProjectStore.FindAsync(session, id, ctx.Caller);
        return project is null ? ProjectProblems.NotFound(id) : TypedResults.Ok(await ProgressStore.ProgressAsync(session, project, ctx.Clock.Today));
    }

    private static Task<Results<Ok<ProgressDto>, ProblemHttpResult>> RecordInvestment(long id, InvestmentInput request, [AsParameters] ApiContext ctx) =>
        ChangeAsync(id, ctx, async session =>
        {
            var month = request.MonthStart!.Value;
            await ProgressStore.PutInvestmentAsync(session, id, month, request.Amount!.Value, ctx.Caller.Id, ctx.Clock.UtcNow);
            await ctx.Audit.WriteAsync(session, "recordInvestment", "project", id, $"{month:yyyy-MM}: {request.Amount} 万元");
        });

    private static Task<Results<Ok<ProgressDto>, ProblemHttpResult>> AddCommitment(long id, CommitmentInput request, [AsParameters] ApiContext ctx) =>
        ChangeAsync(id, ctx, async session =>
        {
            var commitmentId = await ProgressStore.AddCommitmentAsync(session, id, request.DueOn!.Value, request.Amount!.Value, request.Text?.Trim(), ctx.Caller.Id, ctx.Clock.UtcNow);
            await ctx.Audit.WriteAsync(session, "addCommitment", "project", id, $"commitment {commitmentId}: {request.Amount} 万元 by {request.DueOn:yyyy-MM-dd}");
        });

    private static async Task<Results<Ok<ProgressDto>, ProblemHttpResult>> RecordPerformance(
        long id, int year, PerformanceInput request, [AsParameters] ApiContext ctx)
    {
        if (year > ctx.Clock.Today.Year || year < 2000)
        {
            return Problems.Invalid("year", Messages.YearBegun);
        }

        return await ChangeAsync(id, ctx, async session =>
        {
            await ProgressStore.PutPerformanceAsync(session, id, year, request, ctx.Clock.UtcNow);
            await ctx.Audit.WriteAsync(session, "recordPerformance", "project", id, $"{year}: tax {request.Tax}, output {request.Output}, energy {request.EnergyTce}");
        });
    }

    /// <summary>Makes one change to a project the caller may change, and answers with its progress as it now stands.</summary>
    private static async Task<Results<Ok<ProgressDto>, ProblemHttpResult>> ChangeAsync(long id, ApiContext ctx, Func<DbSession, Task> change)
    {
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        var project = await ProjectStore.FindAsync(session, id, ctx.Caller);
        if (ProjectProblems.ChangeRefusal(project, id) is { } refusal)
        {
            return refusal;
        }

        await change(session);
        var progress = await ProgressStore.ProgressAsync(session, project!, ctx.Clock.Today);
        await session.CommitAsync();
        return TypedResults.Ok(progress);
    }
}
