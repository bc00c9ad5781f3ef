namespace Pipeline.Api.Hosting;

/// <summary>A page of a list: <c>{ items, total, page, pageSize }</c>.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, long Total, int Page, int PageSize);

/// <summary>The validated <c>page</c> and <c>pageSize</c> of a list request.</summary>
public readonly record struct PageRequest(int Page, int PageSize)
{
    public const int DefaultSize = 50;
    public const int MaxSize = 200;

    public int Skip => (Page - 1) * PageSize;

    /// <summary>The last page whose offset fits an int (itself an int: with a page size of 1 it would be one past int.MaxValue).</summary>
    public static int MaxPage(int pageSize) => (int)Math.Min(int.MaxValue, ((long)int.MaxValue / pageSize) + 1);

    public int Take => PageSize;

    public static PageRequest From(int? page, int? pageSize, Checks checks)
    {
        checks.When(page < 1, "page", Messages.PagesFromOne);
        checks.When(pageSize is < 1 or > MaxSize, "pageSize", Words.Format(Messages.PageSizeRange, MaxSize));
        var size = Math.Clamp(pageSize ?? DefaultSize, 1, MaxSize);
        // (page − 1) × pageSize must fit the int that SQL takes as OFFSET: beyond it is a 400, not an overflow.
        checks.When(page > MaxPage(size), "page", Words.Format(Messages.PageTooFar, page));
        return new PageRequest(Math.Clamp(page ?? 1, 1, MaxPage(size)), size);
    }

    public Paged<T> Of<T>(IReadOnlyList<T> items, long total) => new(items, total, Page, PageSize);
}
