using System.Text.Json.Serialization;
using Pipeline.Domain.Leads;
using Pipeline.Domain.Projects;
using Riok.Mapperly.Abstractions;

namespace Pipeline.Api.Features.Leads;

/// <summary>Where a lead came from.</summary>
public enum LeadSource
{
    Trip,
    Referral,
    Expo,
    Online,
    BusinessReferral,
    Other,
}

/// <summary>Lead sources as ledgers and sheets name them.</summary>
public static class LeadSources
{
    private static readonly (LeadSource Source, string Name)[] Names =
    [
        (LeadSource.Trip, "外出招商"), (LeadSource.Referral, "中介推荐"), (LeadSource.Expo, "展会"), (LeadSource.Online, "网络"),
        (LeadSource.BusinessReferral, "以商招商"), (LeadSource.Other, "其他"),
    ];

    public static string Chinese(this LeadSource source) => Names.First(n => n.Source == source).Name;

    /// <summary>A source from its Chinese name or its API value; null when it is neither.</summary>
    public static LeadSource? Parse(string text) =>
        Names.Where(n => n.Name == text.Trim() || string.Equals(text.Trim(), System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(n.Source.ToString()), StringComparison.OrdinalIgnoreCase))
            .Select(n => (LeadSource?)n.Source).FirstOrDefault();

    /// <summary>The Chinese names, listed for a message or a template.</summary>
    public static IEnumerable<string> All => Names.Select(n => n.Name);
}

public sealed record CreateLead(
    string? Title, long? CompanyId, string? CompanyName, string? CreditCode, string? IndustryCode, decimal? EstimatedInvestment,
    string? Content, string? InvestorRequirements, string? ContactName, string? ContactPhone, LeadSource? Source, long? TripId, long? UnitId)
    : ICheckedRequest
{
    /// <summary>The credit code as stored (upper case, no spaces), when one is given.</summary>
    public string? NormalizedCreditCode => string.IsNullOrWhiteSpace(CreditCode) ? null : Domain.Companies.CreditCode.Normalize(CreditCode);

    public void Check(Checks checks, DateOnly today)
    {
        checks.Text("title", Title, 200, required: true)
            .When(CompanyId is null && string.IsNullOrWhiteSpace(CompanyName), "companyName", Messages.LeadInvestorRequired)
            .When(CompanyId is not null && (CompanyName is not null || NormalizedCreditCode is not null), "companyId",
                Messages.LeadCompanyEitherOr)
            .Text("companyName", CompanyName, 200)
            .Required("industryCode", IndustryCode)
            .Quantity("estimatedInvestment", EstimatedInvestment, required: true)
            .Text("content", Content, 4000, required: true)
            .Text("investorRequirements", InvestorRequirements, 2000, required: true)
            .Text("contactName", ContactName, 100, required: true)
            .Phone("contactPhone", ContactPhone, required: true)
            .Required("source", Source);
        if (NormalizedCreditCode is { } code && Domain.Companies.CreditCode.Problem(code) is { } bad)
        {
            checks.Add("creditCode", bad);
        }
    }
}

public sealed record LeadReason(string? Reason);

/// <summary><c>Pipeline:Leads</c>.</summary>
public sealed class LeadOptions : ISettings
{
    public static string Section => "Pipeline:Leads";

    /// <summary>A lead is verified by someone other than the person who logged it.</summary>
    public bool SecondPersonVerifies { get; set; } = true;

    public IEnumerable<string> Problems() => [];
}

/// <summary>What a converted project takes over from its lead, where the lead does not say (all optional).</summary>
public sealed record ConvertLead(
    string? Name, LandMode? LandMode, decimal? LandAreaMu, long? ResponsibleUnitId, long? ResponsiblePersonId, long? LeaderId, DateOnly? TalksStartedOn);

public sealed record LeadQuery(string? Status, long? UnitId, long? TripId, string? Q, int? Page, int? PageSize, string? Format);

/// <summary>Another lead about what looks like the same investor: same credit code, or the same name once normalised.</summary>
public sealed class DuplicateHint
{
    public long Id { get; init; }

    public string Title { get; init; } = "";

    public string CompanyName { get; init; } = "";

    public LeadStatus Status { get; init; }

    public long UnitId { get; init; }

    public string? UnitName { get; init; }

    public string MatchedBy { get; init; } = "";
}

/// <summary>What is typed into the lead form: a company name, a credit code, or both.</summary>
public sealed record DuplicateQuery(string? CompanyName, string? CreditCode);

/// <summary>A company or project about what looks like the same investor.</summary>
public sealed class DuplicateMatch
{
    public long Id { get; init; }

    public string Name { get; init; } = "";

    public string? UnitName { get; init; }

    /// <summary>A project's stage; none for a company.</summary>
    public string? Stage { get; init; }

    public string MatchedBy { get; init; } = "";
}

/// <summary>
/// Who else already knows the investor being typed: leads, companies and projects with the same credit code or the same
/// name once folded (<c>key</c>, as <see cref="Domain.Companies.CompanyName.Key"/> folds it).
/// </summary>
public sealed record DuplicateCheck(string Key, IReadOnlyList<DuplicateHint> Leads, IReadOnlyList<DuplicateMatch> Companies, IReadOnlyList<DuplicateMatch> Projects);

/// <summary>A lead's fields, with its estimated investment as stored (<c>long</c>) or as shown (<c>decimal</c> 万元).</summary>
public abstract record LeadFields<TQuantity>
    where TQuantity : struct
{
    public long Id { get; init; }

    public long UnitId { get; init; }

    public string? UnitName { get; init; }

    public string Title { get; init; } = "";

    public long? CompanyId { get; init; }

    public string CompanyName { get; init; } = "";

    public string? CreditCode { get; init; }

    public string IndustryCode { get; init; } = "";

    public TQuantity EstimatedInvestment { get; init; }

    public string Content { get; init; } = "";

    public string InvestorRequirements { get; init; } = "";

    public string ContactName { get; init; } = "";

    public string ContactPhone { get; init; } = "";

    public LeadSource Source { get; init; }

    public long? TripId { get; init; }

    public LeadStatus Status { get; init; }

    public string? StatusReason { get; init; }

    public DateOnly LoggedOn { get; init; }

    public DateOnly? VerifiedOn { get; init; }

    public long? VerifiedBy { get; init; }

    public long? ProjectId { get; init; }

    public int Version { get; init; }

    public DateTime CreatedAt { get; init; }

    public long? CreatedBy { get; init; }
}

public sealed record LeadDto : LeadFields<decimal>, IVersioned
{
    /// <summary>Only in the answer to registering a lead.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<DuplicateHint>? PossibleDuplicates { get; init; }
}

public sealed record LeadRow : LeadFields<long>
{
    /// <summary>Whether the caller may verify, drop or convert it: computed in the query from the caller's scope.</summary>
    public bool CanAct { get; init; }

    /// <summary>The industry's name, read for exports.</summary>
    public string? IndustryName { get; init; }
}

[Mapper(RequiredMappingStrategy = RequiredMappingStrategy.Target)]
public static partial class LeadMapper
{
    [MapperIgnoreTarget(nameof(LeadDto.PossibleDuplicates))]
    public static partial LeadDto ToDto(this LeadRow row);

    private static decimal FromStored(long stored) => Quantities.FromStored(stored);
}
