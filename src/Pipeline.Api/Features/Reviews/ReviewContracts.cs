using Pipeline.Api.Hosting;
using Pipeline.Domain.Reviews;

namespace Pipeline.Api.Features.Reviews;

public sealed record ThresholdInput(Indicator? Indicator, decimal? Min, decimal? Max);

public sealed record EntryStandardInput(string? IndustryCode, long? ParkUnitId, string? Name, IReadOnlyList<ThresholdInput>? Thresholds);

public sealed record ThresholdDto(Indicator Indicator, string Name, string Unit, Direction Direction, decimal? Min, decimal? Max);

public sealed record EntryStandardDto(
    long Id, string? IndustryCode, long? ParkUnitId, string Name, IReadOnlyList<ThresholdDto> Thresholds, int Version) : IVersioned;

public sealed record CriterionDto(string? Code, string? Name, decimal? Weight, Indicator? Indicator, decimal? PointsPerStep, decimal? Step);

public sealed record RubricDto(long Id, IReadOnlyList<CriterionDto> Criteria) : IVersioned
{
    /// <summary>A new rubric is a new version; its id is its ETag.</summary>
    public int Version => (int)Id;
}

public sealed record RubricInput(IReadOnlyList<CriterionDto>? Criteria);

public sealed record ApplyReview(
    decimal? LandAreaMu, decimal? FixedAssetInvestment, decimal? AnnualOutput, decimal? AnnualTax, decimal? AnnualEnergyTce,
    int? Employees, decimal? RdRatio, decimal? PlotRatio, IReadOnlyList<string>? VetoCodes, long? ChairId);

public sealed record ScoreSheetInput(IReadOnlyDictionary<string, decimal>? Scores, Vote? Vote, string? Comment);

public sealed record ConditionInput(string? Text, Indicator? Indicator, decimal? Threshold, int? ByYear);

public sealed record DecisionInput(bool? Defer, IReadOnlyList<string>? VetoCodes, IReadOnlyList<ConditionInput>? Conditions, string? Note, bool? DropOnReject);

public sealed record ReviewQuery(string? Status, long? ProjectId, int? Page, int? PageSize);

public sealed record Figures(
    decimal LandAreaMu, decimal FixedAssetInvestment, decimal AnnualOutput, decimal AnnualTax, decimal AnnualEnergyTce,
    int? Employees, decimal? RdRatio, decimal? PlotRatio);

/// <summary>An indicator of the project against its entry standard: met or missed, and by how much.</summary>
public sealed record IndicatorResult(
    Indicator Indicator, string Name, string Unit, Direction Direction, decimal? Value, decimal? Min, decimal? Max, bool? Met, decimal? Gap);

public sealed record VetoDto(string Code, string Name, string Source);

/// <summary>A rubric criterion as members see it on a review, with the score suggested from the project's indicator.</summary>
public sealed record ReviewCriterion(string Code, string Name, decimal Weight, Indicator? Indicator, decimal? Suggested);

public sealed record SheetScore(string Criterion, decimal Points);

public sealed record ScoreSheet(long MemberId, string? MemberName, Vote Vote, decimal Total, string? Comment, IReadOnlyList<SheetScore> Scores, DateTime UpdatedAt);

public sealed record ConditionDto(long Id, string Text, Indicator? Indicator, decimal? Threshold, int? ByYear);

public sealed record DecisionDto(
    ReviewOutcome Outcome, decimal Score, LandClass LandClass, bool Vetoed, int Approvals, int Sheets, DateOnly? DecidedOn, long? DecidedBy, string? Note);

public sealed record ReviewSummary
{
    public long Id { get; init; }

    public long ProjectId { get; init; }

    public string? ProjectName { get; init; }

    public string Status { get; init; } = "";

    public DateOnly AppliedOn { get; init; }

    public long? ChairId { get; init; }

    public ReviewOutcome? Outcome { get; init; }

    public decimal? Score { get; init; }

    public LandClass? LandClass { get; init; }

    public int Version { get; init; }
}

/// <summary>
/// A review as the reader may see it: before the decision a member sees only their own sheet and how many are in;
/// afterwards everyone who may read the review sees every sheet.
/// </summary>
public sealed record ReviewDto(
    long Id, long ProjectId, string? ProjectName, string Status, DateOnly AppliedOn, long? ChairId, long? StandardId, Figures Figures,
    IReadOnlyList<IndicatorResult> Indicators, IReadOnlyList<VetoDto> Vetoes, bool Vetoed, IReadOnlyList<ReviewCriterion> Rubric,
    int SheetsIn, ScoreSheet? MySheet, IReadOnlyList<ScoreSheet>? Sheets, DecisionDto? Decision, IReadOnlyList<ConditionDto> Conditions,
    int Version) : IVersioned;
