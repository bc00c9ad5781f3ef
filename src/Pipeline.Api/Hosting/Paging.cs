using Pipeline.Domain.Texts;

namespace Pipeline.Api.Hosting;

/// <summary>A page of a list: <c>{ items, total, page, pageSize }</c>.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, long Total, int Page, int PageSize);

/// <summary>The validated <c>page</c> and <c>pageSize</c> of a list request.</summary>
public readonly record struct PageRequest(int Page, int PageSize)
{
    public const int DefaultSize = 50;
    public const int MaxSize = 200;

    public int Skip => (Page - 1) * PageSize;

    public int Take => PageSize;

    public static PageRequest From(int? page, int? pageSize, Checks checks)
    {
        checks.When(page < 1, "page", Messages.PagesFromOne);
        checks.When(pageSize is < 1 or > MaxSize, "pageSize", Words.Format(Messages.PageSizeRange, MaxSize));
        return new PageRequest(Math.Max(page ?? 1, 1), Math.Clamp(pageSize ?? DefaultSize, 1, MaxSize));
    }

    public Paged<T> Of<T>(IReadOnlyList<T> items, long total) => new(items, total, Page, PageSize);
}
