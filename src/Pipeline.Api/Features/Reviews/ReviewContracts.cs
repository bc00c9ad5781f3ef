using Pipeline.Domain.Reviews;

namespace Pipeline.Api.Features.Reviews;

public sealed record ThresholdInput(Indicator? Indicator, decimal? Min, decimal? Max);

public sealed record EntryStandardInput(string? IndustryCode, long? ParkUnitId, string? Name, IReadOnlyList<ThresholdInput>? Thresholds) : ICheckedRequest
{
    public void Check(Checks checks, DateOnly today)
    {
        var thresholds = Thresholds ?? [];
        checks.Text("name", Name, 200, required: true).When(thresholds.Count == 0, "thresholds", Messages.StandardThresholdsRequired);
        foreach (var duplicate in thresholds.GroupBy(t => t.Indicator).Where(g => g.Count() > 1))
        {
            checks.Add("thresholds", Words.Format(Messages.StandardThresholdTwice, duplicate.Key));
        }

        for (var i = 0; i < thresholds.Count; i++)
        {
            var t = thresholds[i];
            checks.Required($"thresholds[{i}].indicator", t.Indicator)
                .Quantity($"thresholds[{i}].min", t.Min, allowZero: true)
                .Quantity($"thresholds[{i}].max", t.Max, allowZero: true);
            if (t.Indicator is not { } indicator)
            {
                continue;
            }

            var (direction, code, name) = (indicator.Info().Direction, indicator.ToCode(), indicator.Info().Name);
            checks.When(direction == Direction.AtLeast && (t.Min is null || t.Max is not null), $"thresholds[{i}]", Words.Format(Messages.StandardMinimum, code, name))
                .When(direction == Direction.AtMost && (t.Max is null || t.Min is not null), $"thresholds[{i}]", Words.Format(Messages.StandardMaximum, code, name))
                .When(direction == Direction.Range && (t.Min is null || t.Max is null || t.Min > t.Max), $"thresholds[{i}]", Words.Format(Messages.StandardRange, code, name));
        }
    }
}

public sealed record ThresholdDto(Indicator Indicator, string Name, string Unit, Direction Direction, decimal? Min, decimal? Max);

public sealed record EntryStandardDto(
    long Id, string? IndustryCode, long? ParkUnitId, string Name, IReadOnlyList<ThresholdDto> Thresholds, int Version) : IVersioned;

public sealed record CriterionDto(string? Code, string? Name, decimal? Weight, Indicator? Indicator, decimal? PointsPerStep, decimal? Step);

public sealed record RubricDto(long Id, IReadOnlyList<CriterionDto> Criteria) : IVersioned
{
    /// <summary>A new rubric is a new version; its id is its ETag.</summary>
    public int Version => (int)Id;
}

public sealed record RubricInput(IReadOnlyList<CriterionDto>? Criteria) : ICheckedRequest
{
    public void Check(Checks checks, DateOnly today)
    {
        var input = Criteria ?? [];
        for (var i = 0; i < input.Count; i++)
        {
            checks.Text($"criteria[{i}].code", input[i].Code, 64, required: true).Text($"criteria[{i}].name", input[i].Name, 100, required: true)
                .Required($"criteria[{i}].weight", input[i].Weight)
                .Quantity($"criteria[{i}].pointsPerStep", input[i].PointsPerStep).Quantity($"criteria[{i}].step", input[i].Step);
        }

        if (checks.Ok)
        {
            foreach (var (field, message) in RubricRules.Problems(Rubric))
            {
                checks.Add(field, message);
            }
        }
    }

    /// <summary>The criteria as the rules see them (after <see cref="Check"/> passed).</summary>
    public IReadOnlyList<Criterion> Rubric =>
        (Criteria ?? []).Select(c => new Criterion(c.Code!.Trim(), c.Name!.Trim(), c.Weight!.Value, c.Indicator, c.PointsPerStep, c.Step)).ToList();
}

public sealed record ApplyReview(
    decimal? LandAreaMu, decimal? FixedAssetInvestment, decimal? AnnualOutput, decimal? AnnualTax, decimal? AnnualEnergyTce,
    int? Employees, decimal? RdRatio, decimal? PlotRatio, IReadOnlyList<string>? VetoCodes, long? ChairId) : ICheckedRequest
{
    /// <summary>The figure each computed indicator is divided from: the field to name when the indicator is out of range.</summary>
    private static readonly (Indicator Indicator, string Field)[] Numerators =
    [
        (Indicator.InvestmentIntensity, "fixedAssetInvestment"), (Indicator.TaxPerMu, "annualTax"),
        (Indicator.OutputPerMu, "annualOutput"), (Indicator.EnergyIntensity, "annualEnergyTce"),
    ];

    public void Check(Checks checks, DateOnly today)
    {
        checks
            .Quantity("landAreaMu", LandAreaMu, required: true)
            .Quantity("fixedAssetInvestment", FixedAssetInvestment, required: true)
            .Quantity("annualOutput", AnnualOutput, required: true, allowZero: true)
            .Quantity("annualTax", AnnualTax, required: true, allowZero: true)
            .Quantity("annualEnergyTce", AnnualEnergyTce, required: true, allowZero: true)
            .Quantity("rdRatio", RdRatio, allowZero: true)
            .When(RdRatio > 100, "rdRatio", Messages.PercentageAtMost100)
            .Quantity("plotRatio", PlotRatio)
            .When(Employees < 0, "employees", Messages.NotNegative);
        if (!checks.Ok)
        {
            return;
        }

        // A large figure over a tiny area gives an indicator too large to store (10¹² 万元 on 0.0001 亩): a 400, not an overflow.
        var computed = Indicators.Compute(Figures);
        foreach (var (indicator, field) in Numerators.Where(n => computed[n.Indicator] > Quantities.Max))
        {
            checks.Add(field, Words.Format(Messages.IndicatorTooLarge, indicator.Info().Name, Quantities.Max.ToString("0", System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    public ApplicantFigures Figures => new(LandAreaMu!.Value, FixedAssetInvestment!.Value, AnnualOutput!.Value, AnnualTax!.Value, AnnualEnergyTce!.Value, PlotRatio, RdRatio);
}

public sealed record ScoreSheetInput(IReadOnlyDictionary<string, decimal>? Scores, Vote? Vote, string? Comment) : ICheckedRequest
{
    public void Check(Checks checks, DateOnly today) => checks.Required("vote", Vote).Required("scores", Scores).Text("comment", Comment, 2000);
}

public sealed record ConditionInput(string? Text, Indicator? Indicator, decimal? Threshold, int? ByYear);

public sealed record DecisionInput(bool? Defer, IReadOnlyList<string>? VetoCodes, IReadOnlyList<ConditionInput>? Conditions, string? Note, bool? DropOnReject)
    : ICheckedRequest
{
    public void Check(Checks checks, DateOnly today)
    {
        var conditions = Conditions ?? [];
        checks.Text("note", Note, 2000);
        for (var i = 0; i < conditions.Count; i++)
        {
            checks.Text($"conditions[{i}].text", conditions[i].Text, 1000, required: true)
                .Quantity($"conditions[{i}].threshold", conditions[i].Threshold, allowZero: true)
                .When(conditions[i].ByYear is < 2000 or > 2100, $"conditions[{i}].byYear", Words.Format(Messages.AYearSuchAs, 2028))
                .When(conditions[i].Indicator is not null && conditions[i].Threshold is null, $"conditions[{i}].threshold", Messages.ConditionNeedsThreshold);
        }
    }
}

public sealed record ReviewQuery(string? Status, long? ProjectId, int? Page, int? PageSize, string? Format);

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
