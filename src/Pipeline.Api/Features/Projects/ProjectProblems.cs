namespace Pipeline.Api.Features.Projects;

/// <summary>The answers about a project that every feature acting on one gives (projects, reviews, progress, leads).</summary>
public static class ProjectProblems
{
    public static ProblemHttpResult NotFound(long id) => Problems.NotFound(NotFoundMessage(id));

    public static string NotFoundMessage(long id) => Words.Format(Messages.ProjectNotFound, id);

    public static ProblemHttpResult CannotChange() =>
        Problems.Forbidden(Messages.ProjectReadOnly);

    /// <summary>Null when the caller may change the project as read; otherwise 404 (cannot see it) or 403 (may only read it).</summary>
    public static ProblemHttpResult? ChangeRefusal(ProjectRow? project, long id) => project switch
    {
        null => NotFound(id),
        { CanWrite: false } => CannotChange(),
        _ => null,
    };

    /// <summary>200 with what <paramref name="read"/> lists about the project, or 404 when the caller cannot see the project.</summary>
    public static async Task<Results<Ok<IReadOnlyList<T>>, ProblemHttpResult>> ListIfVisibleAsync<T>(
        long id, ApiContext ctx, Func<DbSession, Task<IReadOnlyList<T>>> read)
    {
        await using var session = await ctx.Db.OpenAsync(ctx.Ct);
        if (await ProjectStore.FindAsync(session, id, ctx.Caller) is null)
        {
            return NotFound(id);
        }

        return TypedResults.Ok(await read(session));
    }
}
