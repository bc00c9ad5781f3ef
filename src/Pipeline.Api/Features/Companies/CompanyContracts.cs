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

public sealed record CreateCompany(string? Name, string? CreditCode, string? Region, string? IndustryCode, IReadOnlyList<ContactDto>? Contacts)
    : ICheckedRequest
{
    public void Check(Checks checks, DateOnly today) => CompanyChecks.Check(checks, Name, CompanyChecks.Normalize(CreditCode), Region, Contacts);
}

/// <summary>What makes a company's fields valid, on creation and on every change.</summary>
public static class CompanyChecks
{
    public static string? Normalize(string? creditCode) => string.IsNullOrWhiteSpace(creditCode) ? null : Domain.Companies.CreditCode.Normalize(creditCode);

    public static Checks Check(Checks checks, string? name, string? creditCode, string? region, IReadOnlyList<ContactDto>? contacts)
    {
        checks.Text("name", name, 200, required: true).Text("region", region, 100);
        if (creditCode is not null && Domain.Companies.CreditCode.Problem(creditCode) is { } problem)
        {
            checks.Add("creditCode", problem);
        }

        for (var i = 0; i < (contacts?.Count ?? 0); i++)
        {
            var contact = contacts![i];
            checks.Text($"contacts[{i}].name", contact.Name, 100, required: true)
                .Text($"contacts[{i}].title", contact.Title, 100)
                .Phone($"contacts[{i}].phone", contact.Phone)
                .Text($"contacts[{i}].email", contact.Email, 200);
        }

        return checks;
    }
}

public sealed record CompanyQuery(string? Q, string? IndustryCode, int? Page, int? PageSize, string? Format);

/// <summary>A company as its sheet shows it: with its industry's name and its first contact.</summary>
public sealed class CompanySheetRow
{
    public long Id { get; init; }

    public string Name { get; init; } = "";

    public string? CreditCode { get; init; }

    public string? Region { get; init; }

    public string? IndustryCode { get; init; }

    public string? IndustryName { get; init; }

    public string? ContactName { get; init; }

    public string? ContactTitle { get; init; }

    public string? ContactPhone { get; init; }

    public string? ContactEmail { get; init; }

    public int Version { get; init; }
}
