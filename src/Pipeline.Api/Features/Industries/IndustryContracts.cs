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

public sealed partial record CreateIndustry(string? Code, string? Name, string? ParentCode, bool? IsPriority) : Hosting.ICheckedRequest
{
    public void Check(Hosting.Checks checks, DateOnly today) => checks.Text("code", Code, 16, required: true).Text("name", Name, 200, required: true)
        .When(Code is { Length: > 0 } c && !CodePattern().IsMatch(c.Trim()), "code",
            Messages.IndustryCodeRule);

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Ta-t][0-9]{0,4}$")]
    private static partial System.Text.RegularExpressions.Regex CodePattern();
}

public sealed record IndustryQuery(string? Q, string? ParentCode, bool? IsPriority, int? Page, int? PageSize);
