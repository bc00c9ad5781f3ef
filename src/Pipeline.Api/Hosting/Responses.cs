using Microsoft.AspNetCore.Http.HttpResults;
using Pipeline.Api.Data;

namespace Pipeline.Api.Hosting;

/// <summary>A row that carries the integer version used as its ETag.</summary>
public interface IVersioned
{
    int Version { get; }
}

/// <summary>The shapes every read endpoint shares: a validated page of a list, and one item with its ETag.</summary>
public static class Responses
{
    /// <summary>Validates <c>page</c>/<c>pageSize</c> (and any other <paramref name="checks"/>), then runs the page query.</summary>
    public static async Task<Results<Ok<Paged<T>>, ProblemHttpResult>> PageAsync<T>(
        Db db, int? page, int? pageSize, Func<DbSession, PageRequest, Task<(IReadOnlyList<T> Items, long Total)>> query,
        CancellationToken ct, Checks? checks = null)
    {
        checks ??= new Checks();
        var request = PageRequest.From(page, pageSize, checks);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        await using var session = await db.OpenAsync(ct);
        var (items, total) = await query(session, request);
        return TypedResults.Ok(request.Of(items, total));
    }

    /// <summary>200 with the item and its ETag, or 404 with <paramref name="missing"/>.</summary>
    public static Results<Ok<T>, ProblemHttpResult> Found<T>(T? item, HttpResponse response, string missing)
        where T : class, IVersioned
    {
        if (item is null)
        {
            return Problems.NotFound(missing);
        }

        ETags.Set(response, item.Version);
        return TypedResults.Ok(item);
    }
}
