using Microsoft.AspNetCore.Http.HttpResults;
using Pipeline.Api.Hosting;

namespace Pipeline.Api.Features.Projects;

/// <summary>The answers about a project that every feature acting on one gives (projects, reviews, progress, leads).</summary>
public static class ProjectProblems
{
    public static ProblemHttpResult NotFound(long id) => Problems.NotFound(NotFoundMessage(id));

    public static string NotFoundMessage(long id) => $"There is no project {id}, or it is outside what you may see.";

    public static ProblemHttpResult CannotChange() =>
        Problems.Forbidden("You may read this project but not change it: it belongs to another unit or another leader.");

    /// <summary>Null when the caller may change the project as read; otherwise 404 (cannot see it) or 403 (may only read it).</summary>
    public static ProblemHttpResult? ChangeRefusal(ProjectRow? project, long id) => project switch
    {
        null => NotFound(id),
        { CanWrite: false } => CannotChange(),
        _ => null,
    };
}
