using Microsoft.AspNetCore.Http.HttpResults;
using Pipeline.Api.Data;
using Pipeline.Api.Features.Audit;
using Pipeline.Api.Hosting;
using Pipeline.Domain.Accounts;
using Pipeline.Domain.Alerts;

namespace Pipeline.Api.Features.Alerts;

public sealed record ThresholdsDto(int? YellowDays, int? OrangeDays, int? RedDays);

public sealed record AlertRuleDto(
    string Code, string Name, int YellowDays, int OrangeDays, int RedDays, ThresholdsDto? Fallback, CalendarKind Calendar, bool Active, int Version)
    : IVersioned;

public sealed record AlertRuleInput(int? YellowDays, int? OrangeDays, int? RedDays, ThresholdsDto? Fallback, CalendarKind? Calendar, bool? Active);

public sealed class CalendarDayDto
{
    public DateOnly Day { get; init; }

    public bool IsWorkingDay { get; init; }

    public string? Name { get; init; }
}

public sealed record CalendarDayInput(bool? IsWorkingDay, string? Name);

/// <summary>The alert rules (thresholds in days, natural or working days) and the holiday calendar behind working days.</summary>
public static class AlertRuleEndpoints
{
    public static void MapAlertRules(this IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup("/api/alert-rules").WithTags("Alerts");
        rules.MapGet("", async (Db db, CancellationToken ct) =>
        {
            await using var session = await db.OpenAsync(ct);
            return TypedResults.Ok((await AlertRuleStore.RulesAsync(session)).Select(ToDto).ToList());
        });
        rules.MapGet("/{code}", GetRule);
        rules.MapPut("/{code}", PutRule).RequireAuthorization(p => p.RequireRole(Roles.Admin));

        var calendar = app.MapGroup("/api/calendar").WithTags("Alerts");
        calendar.MapGet("", ListDays);
        calendar.MapPut("/{day}", PutDay).RequireAuthorization(p => p.RequireRole(Roles.Admin));
        calendar.MapDelete("/{day}", DeleteDay).RequireAuthorization(p => p.RequireRole(Roles.Admin));
    }

    private static async Task<Results<Ok<AlertRuleDto>, ProblemHttpResult>> GetRule(string code, Db db, HttpResponse response, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var rule = (await AlertRuleStore.RulesAsync(session)).FirstOrDefault(r => r.Rule.Code == code);
        return Responses.Found(rule is null ? null : ToDto(rule), response, $"There is no alert rule '{code}'.");
    }

    private static async Task<Results<Ok<AlertRuleDto>, ProblemHttpResult>> PutRule(
        string code, AlertRuleInput request, Db db, AuditLog audit, BusinessClock clock, HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        var (expected, etagProblem) = ETags.Expected(http);
        if (etagProblem is not null)
        {
            return etagProblem;
        }

        var checks = new Checks().Required("yellowDays", request.YellowDays).Required("orangeDays", request.OrangeDays)
            .Required("redDays", request.RedDays).Required("calendar", request.Calendar).Required("active", request.Active);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        var thresholds = new Thresholds(request.YellowDays!.Value, request.OrangeDays!.Value, request.RedDays!.Value);
        checks.When(thresholds.Problem() is not null, "redDays", thresholds.Problem() ?? "");
        await using var session = await db.BeginAsync(ct);
        var current = (await AlertRuleStore.RulesAsync(session)).FirstOrDefault(r => r.Rule.Code == code);
        if (current is null)
        {
            return Problems.NotFound($"There is no alert rule '{code}'.");
        }

        Thresholds? fallback = null;
        if (current.Rule.Fallback is not null)
        {
            var f = request.Fallback;
            checks.When(f?.YellowDays is null || f.OrangeDays is null || f.RedDays is null, "fallback",
                "This rule also counts from a second date (the signing date when the contract has no planned groundbreaking); give its yellowDays, orangeDays and redDays.");
            if (f is { YellowDays: { } y, OrangeDays: { } o, RedDays: { } r })
            {
                fallback = new Thresholds(y, o, r);
                checks.When(fallback.Problem() is not null, "fallback", fallback.Problem() ?? "");
            }
        }
        else
        {
            checks.When(request.Fallback is not null, "fallback", "This rule counts from one date only.");
        }

        if (!checks.Ok)
        {
            return checks.Problem();
        }

        var updated = await session.ExecuteAsync("""
            UPDATE alert_rules SET yellow_days = @Yellow, orange_days = @Orange, red_days = @Red,
                fallback_yellow_days = @FallbackYellow, fallback_orange_days = @FallbackOrange, fallback_red_days = @FallbackRed,
                calendar = @Calendar, is_active = @Active, version = version + 1, updated_at = @Now
            WHERE code = @code AND version = @expected
            """,
            new
            {
                code, expected, thresholds.Yellow, thresholds.Orange, thresholds.Red,
                FallbackYellow = fallback?.Yellow, FallbackOrange = fallback?.Orange, FallbackRed = fallback?.Red,
                Calendar = request.Calendar!.Value.ToCode(), request.Active, Now = clock.UtcNow,
            });
        if (updated == 0)
        {
            return Problems.PreconditionFailed(current.Version);
        }

        await audit.WriteAsync(session, "update", "alertRule", code, $"{thresholds.Yellow}/{thresholds.Orange}/{thresholds.Red} {request.Calendar}{(request.Active!.Value ? "" : " inactive")}");
        var rule = (await AlertRuleStore.RulesAsync(session)).First(r => r.Rule.Code == code);
        await session.CommitAsync();
        ETags.Set(response, rule.Version);
        return TypedResults.Ok(ToDto(rule));
    }

    private static async Task<Results<Ok<IReadOnlyList<CalendarDayDto>>, ProblemHttpResult>> ListDays(int? year, Db db, BusinessClock clock, CancellationToken ct)
    {
        var from = new DateOnly(year ?? clock.Today.Year, 1, 1);
        await using var session = await db.OpenAsync(ct);
        return TypedResults.Ok(await session.QueryAsync<CalendarDayDto>(
            "SELECT day, is_working_day, name FROM calendar_days WHERE day >= @from AND day < @to ORDER BY day",
            new { from, to = from.AddYears(1) }));
    }

    /// <summary>Marks a date as a holiday (<c>isWorkingDay: false</c>) or a worked weekend (调休, <c>true</c>).</summary>
    private static async Task<Results<Ok<CalendarDayDto>, ProblemHttpResult>> PutDay(
        DateOnly day, CalendarDayInput request, Db db, AuditLog audit, CancellationToken ct)
    {
        var checks = new Checks().Required("isWorkingDay", request.IsWorkingDay).Text("name", request.Name, 100);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        await using var session = await db.BeginAsync(ct);
        await session.ExecuteAsync("DELETE FROM calendar_days WHERE day = @day", new { day });
        await session.ExecuteAsync("INSERT INTO calendar_days (day, is_working_day, name) VALUES (@day, @IsWorkingDay, @Name)",
            new { day, request.IsWorkingDay, Name = request.Name?.Trim() });
        await audit.WriteAsync(session, "set", "calendarDay", day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            $"{(request.IsWorkingDay!.Value ? "working day" : "holiday")} {request.Name}");
        await session.CommitAsync();
        return TypedResults.Ok(new CalendarDayDto { Day = day, IsWorkingDay = request.IsWorkingDay!.Value, Name = request.Name?.Trim() });
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteDay(DateOnly day, Db db, AuditLog audit, CancellationToken ct)
    {
        await using var session = await db.BeginAsync(ct);
        if (await session.ExecuteAsync("DELETE FROM calendar_days WHERE day = @day", new { day }) == 0)
        {
            return Problems.NotFound($"{day:yyyy-MM-dd} is an ordinary day already.");
        }

        await audit.WriteAsync(session, "clear", "calendarDay", day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await session.CommitAsync();
        return TypedResults.NoContent();
    }

    private static AlertRuleDto ToDto(StoredRule stored) => new(
        stored.Rule.Code, stored.Rule.Name, stored.Rule.Thresholds.Yellow, stored.Rule.Thresholds.Orange, stored.Rule.Thresholds.Red,
        stored.Rule.Fallback is { } f ? new ThresholdsDto(f.Yellow, f.Orange, f.Red) : null, stored.Rule.Calendar, stored.Rule.Active, stored.Version);
}
