using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Pipeline.Api.Data;
using Pipeline.Api.Features.Audit;
using Pipeline.Api.Features.Projects;
using Pipeline.Api.Hosting;
using Pipeline.Domain;
using Pipeline.Domain.Accounts;
using Pipeline.Domain.Progress;
using Pipeline.Domain.Reviews;

namespace Pipeline.Api.Features.Progress;

public sealed record InvestmentInput(DateOnly? Month, decimal? Amount);

public sealed record CommitmentInput(DateOnly? DueOn, decimal? Amount, string? Text);

public sealed record PerformanceInput(decimal? Tax, decimal? Output, decimal? EnergyTce, int? Employees);

public sealed record MonthInvestment(DateOnly Month, decimal Amount, decimal Cumulative);

public sealed record CommitmentDto(
    string Source, long Id, string? Text, DateOnly? DueOn, decimal? Amount, Indicator? Indicator, decimal? Threshold, int? ByYear,
    CommitmentState State, bool Due, decimal? Actual);

public sealed record PerformanceDto(int Year, decimal Tax, decimal Output, decimal EnergyTce, int? Employees);

/// <summary>Contracted vs invested (资金到位率), commitments met vs due (履约率), and whether the project is 达效.</summary>
public sealed record ProgressSummary(
    decimal Contracted, decimal Invested, decimal? FundingRate, int Due, int Met, int Behind, int Pending, decimal? FulfilmentRate, bool Achieved);

public sealed record ProgressDto(
    long ProjectId, IReadOnlyList<MonthInvestment> Investments, IReadOnlyList<CommitmentDto> Commitments, IReadOnlyList<PerformanceDto> Performance,
    ProgressSummary Summary);

/// <summary>Investment progress (累计完成投资), the contract's phased commitments, yearly performance after production, and how they stand.</summary>
public static class ProgressEndpoints
{
    public static void MapProgress(this IEndpointRouteBuilder app)
    {
        var progress = app.MapGroup("/api/projects/{id:long}").WithTags("Progress");
        progress.MapGet("/progress", Get);
        var writers = progress.MapGroup("").RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Staff, Roles.Leader));
        writers.MapPost("/investments", RecordInvestment);
        writers.MapPost("/commitments", AddCommitment);
        writers.MapPut("/performance/{year:int}", RecordPerformance);
    }

    private static async Task<Results<Ok<ProgressDto>, ProblemHttpResult>> Get(long id, Caller caller, Db db, BusinessClock clock, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var project = await ProjectStore.FindAsync(session, id, caller);
        return project is null ? ProjectEndpoints.NotFound(id) : TypedResults.Ok(await LoadAsync(session, project, clock.Today));
    }

    private static async Task<Results<Ok<ProgressDto>, ProblemHttpResult>> RecordInvestment(
        long id, InvestmentInput request, Caller caller, Db db, AuditLog audit, BusinessClock clock, CancellationToken ct)
    {
        var today = clock.Today;
        var checks = new Checks().Required("month", request.Month).Quantity("amount", request.Amount, required: true, allowZero: true)
            .When(request.Month > today, "month", "A month that has begun.");
        return await ChangeAsync(id, caller, db, clock, checks, async session =>
        {
            var month = new DateOnly(request.Month!.Value.Year, request.Month.Value.Month, 1);
            var args = new { id, month, Amount = Quantities.ToStored(request.Amount!.Value), Now = clock.UtcNow, By = caller.Id };
            if (await session.ExecuteAsync("UPDATE project_investments SET amount = @Amount, updated_at = @Now, updated_by = @By WHERE project_id = @id AND month = @month", args) == 0)
            {
                await session.ExecuteAsync("INSERT INTO project_investments (project_id, month, amount, updated_at, updated_by) VALUES (@id, @month, @Amount, @Now, @By)", args);
            }

            await audit.WriteAsync(session, "recordInvestment", "project", id, $"{month:yyyy-MM}: {request.Amount} 万元");
        }, ct);
    }

    private static async Task<Results<Ok<ProgressDto>, ProblemHttpResult>> AddCommitment(
        long id, CommitmentInput request, Caller caller, Db db, AuditLog audit, BusinessClock clock, CancellationToken ct)
    {
        var checks = new Checks().Required("dueOn", request.DueOn).Quantity("amount", request.Amount, required: true).Text("text", request.Text, 1000);
        return await ChangeAsync(id, caller, db, clock, checks, async session =>
        {
            var commitmentId = await session.InsertAsync("""
                INSERT INTO project_commitments (project_id, due_on, amount, text, created_at, created_by) VALUES (@id, @DueOn, @Amount, @Text, @Now, @By)
                """, new { id, request.DueOn, Amount = Quantities.ToStored(request.Amount!.Value), Text = request.Text?.Trim(), Now = clock.UtcNow, By = caller.Id });
            await audit.WriteAsync(session, "addCommitment", "project", id, $"commitment {commitmentId}: {request.Amount} 万元 by {request.DueOn:yyyy-MM-dd}");
        }, ct);
    }

    private static async Task<Results<Ok<ProgressDto>, ProblemHttpResult>> RecordPerformance(
        long id, int year, PerformanceInput request, Caller caller, Db db, AuditLog audit, BusinessClock clock, CancellationToken ct)
    {
        var checks = new Checks()
            .Quantity("tax", request.Tax, required: true, allowZero: true)
            .Quantity("output", request.Output, required: true, allowZero: true)
            .Quantity("energyTce", request.EnergyTce, required: true, allowZero: true)
            .When(request.Employees < 0, "employees", "Must not be negative.")
            .When(year > clock.Today.Year || year < 2000, "year", "A year that has begun.");
        return await ChangeAsync(id, caller, db, clock, checks, async session =>
        {
            var args = new
            {
                id, year, request.Employees, Now = clock.UtcNow,
                Tax = Quantities.ToStored(request.Tax!.Value), Output = Quantities.ToStored(request.Output!.Value), Energy = Quantities.ToStored(request.EnergyTce!.Value),
            };
            if (await session.ExecuteAsync("""
                    UPDATE project_performance SET tax = @Tax, output = @Output, energy_tce = @Energy, employees = @Employees, updated_at = @Now
                    WHERE project_id = @id AND year = @year
                    """, args) == 0)
            {
                await session.ExecuteAsync("""
                    INSERT INTO project_performance (project_id, year, tax, output, energy_tce, employees, updated_at) VALUES (@id, @year, @Tax, @Output, @Energy, @Employees, @Now)
                    """, args);
            }

            await audit.WriteAsync(session, "recordPerformance", "project", id, $"{year}: tax {request.Tax}, output {request.Output}, energy {request.EnergyTce}");
        }, ct);
    }

    private static async Task<Results<Ok<ProgressDto>, ProblemHttpResult>> ChangeAsync(
        long id, Caller caller, Db db, BusinessClock clock, Checks checks, Func<DbSession, Task> change, CancellationToken ct)
    {
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        await using var session = await db.BeginAsync(ct);
        var (project, problem) = await ProjectStore.FindForChangeAsync(session, id, caller);
        if (project is null)
        {
            return problem!;
        }

        await change(session);
        var progress = await LoadAsync(session, project, clock.Today);
        await session.CommitAsync();
        return TypedResults.Ok(progress);
    }

    private static async Task<ProgressDto> LoadAsync(DbSession session, ProjectRow project, DateOnly today)
    {
        var months = await session.QueryAsync<MonthRow>(
            "SELECT month, amount FROM project_investments WHERE project_id = @Id ORDER BY month", new { project.Id });
        var performance = await session.QueryAsync<PerformanceRow>(
            "SELECT year, tax, output, energy_tce, employees FROM project_performance WHERE project_id = @Id ORDER BY year",
            new { project.Id });
        var rows = await ProgressStore.CommitmentsAsync(session, "p.id = @Id", new DynamicParameters(new { project.Id }), today);
        var cumulative = 0L;
        var investments = months.Select(m => new MonthInvestment(m.Month, Quantities.FromStored(m.Amount), Quantities.FromStored(cumulative += m.Amount))).ToList();
        var commitments = rows.Select(r => (Row: r, Status: r.Judge(today))).Select(c => new CommitmentDto(
            c.Row.Source, c.Row.Id, c.Row.Text, c.Row.DueOn, Quantities.FromStored(c.Row.Amount), c.Row.Indicator, Quantities.FromStored(c.Row.Threshold),
            c.Row.ByYear, c.Status.State, c.Status.Due, c.Status.Actual is { } actual ? Math.Round(actual, 4) : null)).ToList();
        var statuses = commitments.Select(c => new CommitmentStatus(c.State, c.Due, c.Actual)).ToList();
        var contracted = Quantities.FromStored(project.ContractAmount) ?? 0m;
        var invested = Quantities.FromStored(cumulative);
        var due = statuses.Count(s => s.Due);
        var met = statuses.Count(s => s.Due && s.State == CommitmentState.Met);
        return new ProgressDto(project.Id, investments, commitments,
            performance.Select(p => new PerformanceDto(p.Year, Quantities.FromStored(p.Tax), Quantities.FromStored(p.Output), Quantities.FromStored(p.EnergyTce), p.Employees)).ToList(),
            new ProgressSummary(contracted, invested, Commitments.Rate(invested, contracted), due, met,
                statuses.Count(s => s.State == CommitmentState.Behind), statuses.Count(s => s.State == CommitmentState.Pending), Commitments.Rate(met, due),
                Commitments.Achieved(project.Stage == Domain.Projects.Stage.Production, statuses)));
    }

    private sealed class MonthRow
    {
        public DateOnly Month { get; init; }

        public long Amount { get; init; }
    }

    private sealed class PerformanceRow
    {
        public int Year { get; init; }

        public long Tax { get; init; }

        public long Output { get; init; }

        public long EnergyTce { get; init; }

        public int? Employees { get; init; }
    }
}
