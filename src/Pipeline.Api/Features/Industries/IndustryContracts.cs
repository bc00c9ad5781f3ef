namespace Pipeline.Api.Features.Industries;

/// <summary>An industry by its GB/T 4754-2017 code; <c>isPriority</c> marks the city's key chains ("1+5").</summary>
public sealed class IndustryDto : Hosting.IVersioned
{
    public string Code { get; init; } = "";

    public string Name { get; init; } = "";

    public string? ParentCode { get; init; }

    public bool IsPriority { get; init; }

    public int Version { get; init; }
}

public sealed record CreateIndustry(string? Code, string? Name, string? ParentCode, bool? IsPriority);

public sealed record IndustryQuery(string? Q, string? ParentCode, bool? IsPriority, int? Page, int? PageSize);
