namespace Pipeline.Api.Hosting;

/// <summary>A row that carries the integer version used as its ETag.</summary>
public interface IVersioned
{
    int Version { get; }
}

/// <summary>
/// The shapes every endpoint shares: a validated page of a list, one item with its ETag, and the answer to a write that
/// commits and returns what it wrote.
/// </summary>
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

    /// <summary>
    /// A list: a page of JSON, or with <c>?format=xlsx</c> every row of the same filter as Excel, read from the reporting
    /// connection one row at a time. An unknown <c>format</c> is a 400 (<see cref="Excel.FormatProblem"/>).
    /// </summary>
    public static async Task<Results<Ok<Paged<T>>, FileStreamHttpResult, ProblemHttpResult>> ListAsync<T>(
        Db db, string? format, int? page, int? pageSize, Func<DbSession, PageRequest, Task<(IReadOnlyList<T> Items, long Total)>> query,
        Func<DbSession, Task<FileStreamHttpResult>> export, CancellationToken ct, Checks? checks = null)
    {
        if (Excel.FormatProblem(format) is { } formatProblem)
        {
            return formatProblem;
        }

        checks ??= new Checks();
        if (!Excel.Wanted(format))
        {
            var list = await PageAsync(db, page, pageSize, query, ct, checks);
            return list.Result is ProblemHttpResult problem ? problem : (Ok<Paged<T>>)list.Result;
        }

        if (!checks.Ok)
        {
            return checks.Problem();
        }

        await using var session = await db.OpenForReportsAsync(ct);
        return await export(session);
    }

    /// <summary>200 with the item and its ETag, or 404 with the message of <paramref name="missing"/> (built only then).</summary>
    public static Results<Ok<T>, ProblemHttpResult> Found<T>(T? item, HttpResponse response, Func<string> missing)
        where T : class, IVersioned
    {
        if (item is null)
        {
            return Problems.NotFound(missing());
        }

        ETags.Set(response, item.Version);
        return TypedResults.Ok(item);
    }

    /// <summary>Reads one item on a connection of its own: 200 with it and its ETag, or 404 with the message of <paramref name="missing"/>.</summary>
    public static async Task<Results<Ok<T>, ProblemHttpResult>> FoundAsync<T>(
        Db db, Func<DbSession, Task<T?>> find, HttpResponse response, Func<string> missing, CancellationToken ct)
        where T : class, IVersioned
    {
        await using var session = await db.OpenAsync(ct);
        return Found(await find(session), response, missing);
    }

    /// <summary>Commits the write, then 201 with the item as read back before the commit, its ETag and its address.</summary>
    public static async Task<CreatedAtRoute<T>> CommitCreatedAsync<T>(DbSession session, HttpResponse response, T item, string routeName, object routeValues)
        where T : IVersioned
    {
        await session.CommitAsync();
        ETags.Set(response, item.Version);
        return TypedResults.CreatedAtRoute(item, routeName, routeValues);
    }

    /// <summary>Commits the write, then 200 with the item as read back before the commit and its new ETag.</summary>
    public static async Task<Ok<T>> CommitOkAsync<T>(DbSession session, HttpResponse response, T item)
        where T : IVersioned
    {
        await session.CommitAsync();
        ETags.Set(response, item.Version);
        return TypedResults.Ok(item);
    }
}
