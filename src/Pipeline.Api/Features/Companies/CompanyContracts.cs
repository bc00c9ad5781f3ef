namespace Pipeline.Api.Features.Companies;

public sealed record ContactDto
{
    public string? Name { get; init; }

    public string? Title { get; init; }

    public string? Phone { get; init; }

    public string? Email { get; init; }
}

public sealed class CompanySummary
{
    public long Id { get; init; }

    public string Name { get; init; } = "";

    public string? CreditCode { get; init; }

    public string? Region { get; init; }

    public string? IndustryCode { get; init; }

    public int Version { get; init; }
}

public sealed record CompanyDto(
    long Id, string Name, string? CreditCode, string? Region, string? IndustryCode, IReadOnlyList<ContactDto> Contacts, int Version)
    : Hosting.IVersioned;

public sealed record CreateCompany(string? Name, string? CreditCode, string? Region, string? IndustryCode, IReadOnlyList<ContactDto>? Contacts);

public sealed record CompanyQuery(string? Q, string? IndustryCode, int? Page, int? PageSize);
