using Pipeline.Domain.Dispatch;
using Pipeline.Domain.Progress;
using Pipeline.Domain.Reviews;

namespace Pipeline.Api.Features.Progress;

/// <summary>A month's actual investment; <c>month</c> is written yyyy-MM (a date, yyyy-MM-dd, stands for its month).</summary>
public sealed record InvestmentInput(string? Month, decimal? Amount) : ICheckedRequest
{
    public DateOnly? MonthStart => MonthlyUpdates.ParseMonthOrDay(Month);

    public void Check(Checks checks, DateOnly today) => checks.Required("month", Month).Quantity("amount", Amount, required: true, allowZero: true)
        .When(!string.IsNullOrWhiteSpace(Month) && MonthStart is null, "month", Messages.MonthFormat)
        .When(MonthStart > today, "month", Messages.MonthBegun);
}

public sealed record CommitmentInput(DateOnly? DueOn, decimal? Amount, string? Text) : ICheckedRequest
{
    public void Check(Checks checks, DateOnly today) => checks.Required("dueOn", DueOn).Quantity("amount", Amount, required: true).Text("text", Text, 1000);
}

public sealed record PerformanceInput(decimal? Tax, decimal? Output, decimal? EnergyTce, int? Employees) : ICheckedRequest
{
    public void Check(Checks checks, DateOnly today) => checks
        .Quantity("tax", Tax, required: true, allowZero: true)
        .Quantity("output", Output, required: true, allowZero: true)
        .Quantity("energyTce", EnergyTce, required: true, allowZero: true)
        .When(Employees < 0, "employees", Messages.NotNegative);
}

public sealed record MonthInvestment(DateOnly Month, decimal Amount, decimal Cumulative);

public sealed record CommitmentDto(
    string Source, long Id, string? Text, DateOnly? DueOn, decimal? Amount, Indicator? Indicator, decimal? Threshold, int? ByYear,
    CommitmentState State, bool Due, decimal? Actual);

public sealed record PerformanceDto(int Year, decimal Tax, decimal Output, decimal EnergyTce, int? Employees);

/// <summary>Contracted vs invested (资金到位率), commitments met vs due (履约率), and whether the project is 达效.</summary>
public sealed record ProgressSummary(
    decimal Contracted, decimal Invested, decimal? FundingRate, int Due, int Met, int Behind, int Pending, decimal? FulfilmentRate, bool Achieved);

/// <param name="Attainment">达效: the latest reported year after production against the passed review's figures and the entry standard.</param>
public sealed record ProgressDto(
    long ProjectId, IReadOnlyList<MonthInvestment> Investments, IReadOnlyList<CommitmentDto> Commitments, IReadOnlyList<PerformanceDto> Performance,
    ProgressSummary Summary, Attainment Attainment);
