using Pipeline.Domain.Alerts;

namespace Pipeline.Api.Features.Alerts;

public sealed record ThresholdsDto(int? YellowDays, int? OrangeDays, int? RedDays);

public sealed record AlertRuleDto(
    string Code, string Name, int YellowDays, int OrangeDays, int RedDays, ThresholdsDto? Fallback, CalendarKind Calendar, bool Active, int Version)
    : IVersioned;

public sealed record AlertRuleInput(int? YellowDays, int? OrangeDays, int? RedDays, ThresholdsDto? Fallback, CalendarKind? Calendar, bool? Active)
    : ICheckedRequest
{
    public void Check(Checks checks, DateOnly today)
    {
        checks.Required("yellowDays", YellowDays).Required("orangeDays", OrangeDays)
            .Required("redDays", RedDays).Required("calendar", Calendar).Required("active", Active);
        if (checks.Ok && Thresholds.Problem() is { } problem)
        {
            checks.Add("redDays", problem);
        }
    }

    public Thresholds Thresholds => new(YellowDays!.Value, OrangeDays!.Value, RedDays!.Value);
}

/// <summary>The alert rules: thresholds in days, natural or working days, edited by admins.</summary>
public static class AlertRuleEndpoints
{
    public static async Task<Ok<List<AlertRuleDto>>> List([AsParameters] ApiContext ctx)
    {
        await using var session = await ctx.Db.OpenAsync(ctx.Ct);
        return TypedResults.Ok((await AlertRuleStore.RulesAsync(session)).Select(ToDto).ToList());
    }

    public static async Task<Results<Ok<AlertRuleDto>, ProblemHttpResult>> Get(string code, [AsParameters] ApiContext ctx, HttpResponse response)
    {
        await using var session = await ctx.Db.OpenAsync(ctx.Ct);
        var rule = (await AlertRuleStore.RulesAsync(session)).FirstOrDefault(r => r.Rule.Code == code);
        return Responses.Found(rule is null ? null : ToDto(rule), response, () => NotFound(code));
    }

    public static async Task<Results<Ok<AlertRuleDto>, ProblemHttpResult>> Put(
        string code, AlertRuleInput request, IfMatch ifMatch, [AsParameters] ApiContext ctx, HttpResponse response)
    {
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        var current = (await AlertRuleStore.RulesAsync(session)).FirstOrDefault(r => r.Rule.Code == code);
        if (current is null)
        {
            return Problems.NotFound(NotFound(code));
        }

        var checks = new Checks();
        Thresholds? fallback = null;
        if (current.Rule.Fallback is not null)
        {
            var f = request.Fallback;
            checks.When(f?.YellowDays is null || f.OrangeDays is null || f.RedDays is null, "fallback", Messages.AlertRuleFallbackRequired);
            if (f is { YellowDays: { } y, OrangeDays: { } o, RedDays: { } r })
            {
                fallback = new Thresholds(y, o, r);
                checks.When(fallback.Problem() is not null, "fallback", fallback.Problem() ?? "");
            }
        }
        else
        {
            checks.When(request.Fallback is not null, "fallback", Messages.AlertRuleNoFallback);
        }

        if (!checks.Ok)
        {
            return checks.Problem();
        }

        var thresholds = request.Thresholds;
        if (!await AlertRuleStore.UpdateAsync(session, code, ifMatch.Version, thresholds, fallback, request.Calendar!.Value, request.Active!.Value, ctx.Clock.UtcNow))
        {
            return Problems.PreconditionFailed(current.Version);
        }

        var rule = (await AlertRuleStore.RulesAsync(session)).First(r => r.Rule.Code == code);
        await ctx.Audit.WriteAsync(session, "update", "alertRule", code, AuditLog.Changes(ToDto(current), ToDto(rule), []));
        return await Responses.CommitOkAsync(session, response, ToDto(rule));
    }

    private static string NotFound(string code) => Words.Format(Messages.AlertRuleNotFound, code);

    private static AlertRuleDto ToDto(StoredRule stored) => new(
        stored.Rule.Code, stored.Rule.Name, stored.Rule.Thresholds.Yellow, stored.Rule.Thresholds.Orange, stored.Rule.Thresholds.Red,
        stored.Rule.Fallback is { } f ? new ThresholdsDto(f.Yellow, f.Orange, f.Red) : null, stored.Rule.Calendar, stored.Rule.Active, stored.Version);
}
