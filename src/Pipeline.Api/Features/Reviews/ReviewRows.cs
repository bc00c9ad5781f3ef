using Pipeline.Domain.Reviews;
using Riok.Mapperly.Abstractions;

namespace Pipeline.Api.Features.Reviews;

/// <summary>A review as stored: figures and scores in ten-thousandths (see <see cref="Quantities"/>).</summary>
public sealed class ReviewRow
{
    public long Id { get; init; }

    public long ProjectId { get; init; }

    public string? ProjectName { get; init; }

    public long RubricId { get; init; }

    public long? StandardId { get; init; }

    public long? ChairId { get; init; }

    public string Status { get; init; } = "";

    public DateOnly AppliedOn { get; init; }

    public long LandAreaMu { get; init; }

    public long FixedAssetInvestment { get; init; }

    public long AnnualOutput { get; init; }

    public long AnnualTax { get; init; }

    public long AnnualEnergyTce { get; init; }

    public int? Employees { get; init; }

    public long? RdRatio { get; init; }

    public long? PlotRatio { get; init; }

    public ReviewOutcome? Outcome { get; init; }

    public long? Score { get; init; }

    public LandClass? LandClass { get; init; }

    public bool? Vetoed { get; init; }

    public string? DecisionNote { get; init; }

    public DateOnly? DecidedOn { get; init; }

    public long? DecidedBy { get; init; }

    public int Version { get; init; }

    public bool IsOpen => Status == ReviewStore.Open;
}

public sealed class CheckRow
{
    public Indicator Indicator { get; init; }

    public long? Value { get; init; }

    public long? MinValue { get; init; }

    public long? MaxValue { get; init; }

    public bool? Met { get; init; }

    public long? Gap { get; init; }
}

public sealed class CriterionRow
{
    public string Code { get; init; } = "";

    public string Name { get; init; } = "";

    public long Weight { get; init; }

    public Indicator? Indicator { get; init; }

    public long? PointsPerStep { get; init; }

    public long? Step { get; init; }
}

public sealed class SheetRow
{
    public long MemberId { get; init; }

    public string? MemberName { get; init; }

    public Vote Vote { get; init; }

    public long Total { get; init; }

    public string? Comment { get; init; }

    public DateTime UpdatedAt { get; init; }
}

public sealed class ScoreRow
{
    public long MemberId { get; init; }

    public string Criterion { get; init; } = "";

    public long Points { get; init; }
}

public sealed class ConditionRow
{
    public long Id { get; init; }

    public string Text { get; init; } = "";

    public Indicator? Indicator { get; init; }

    public long? Threshold { get; init; }

    public int? ByYear { get; init; }
}

/// <summary>Stored review rows to domain and API shapes; every long-to-decimal goes through <see cref="Quantities"/>.</summary>
[Mapper(RequiredMappingStrategy = RequiredMappingStrategy.Target)]
public static partial class ReviewMapper
{
    public static partial Figures ToFigures(this ReviewRow row);

    public static partial ReviewSummary ToSummary(this ReviewRow row);

    public static partial Criterion ToCriterion(this CriterionRow row);

    public static partial ConditionDto ToDto(this ConditionRow row);

    public static IndicatorCheck ToCheck(this CheckRow row) => new(
        row.Indicator, Quantities.FromStored(row.Value),
        row.MinValue is null && row.MaxValue is null ? null : new Threshold(Quantities.FromStored(row.MinValue), Quantities.FromStored(row.MaxValue)),
        row.Met, Quantities.FromStored(row.Gap));

    public static IndicatorResult ToResult(this IndicatorCheck check)
    {
        var info = check.Indicator.Info();
        return new IndicatorResult(check.Indicator, info.Name, info.Unit, info.Direction, check.Value, check.Threshold?.Min, check.Threshold?.Max, check.Met, check.Gap);
    }

    private static decimal FromStored(long stored) => Quantities.FromStored(stored);
}
