using Pipeline.Domain.Alerts;

namespace Pipeline.Api.Features.Alerts;

public sealed record StoredRule(AlertRule Rule, int Version);

public static class AlertRuleStore
{
    public static async Task<IReadOnlyList<StoredRule>> RulesAsync(DbSession session) =>
        (await session.QueryAsync<RuleRow>("""
            SELECT code, name, yellow_days, orange_days, red_days,
                   fallback_yellow_days, fallback_orange_days, fallback_red_days,
                   calendar, is_active, version
            FROM alert_rules ORDER BY code
            """)).Select(r => new StoredRule(new AlertRule(
                r.Code, r.Name, new Thresholds(r.YellowDays, r.OrangeDays, r.RedDays),
                r.FallbackYellowDays is { } y && r.FallbackOrangeDays is { } o && r.FallbackRedDays is { } red ? new Thresholds(y, o, red) : null,
                r.Calendar, r.IsActive), r.Version)).ToList();

    public static async Task<bool> UpdateAsync(DbSession session, string code, int expectedVersion, Thresholds thresholds, Thresholds? fallback,
        CalendarKind calendar, bool active, DateTime now) =>
        await session.ExecuteAsync("""
            UPDATE alert_rules SET yellow_days = @Yellow, orange_days = @Orange, red_days = @Red,
                fallback_yellow_days = @FallbackYellow, fallback_orange_days = @FallbackOrange, fallback_red_days = @FallbackRed,
                calendar = @Calendar, is_active = @active, version = version + 1, updated_at = @now
            WHERE code = @code AND version = @expectedVersion
            """,
            new
            {
                code, expectedVersion, thresholds.Yellow, thresholds.Orange, thresholds.Red,
                FallbackYellow = fallback?.Yellow, FallbackOrange = fallback?.Orange, FallbackRed = fallback?.Red,
                Calendar = calendar.ToCode(), active, now,
            }) == 1;

    private sealed class RuleRow
    {
        public string Code { get; init; } = "";

        public string Name { get; init; } = "";

        public int YellowDays { get; init; }

        public int OrangeDays { get; init; }

        public int RedDays { get; init; }

        public int? FallbackYellowDays { get; init; }

        public int? FallbackOrangeDays { get; init; }

        public int? FallbackRedDays { get; init; }

        public CalendarKind Calendar { get; init; }

        public bool IsActive { get; init; }

        public int Version { get; init; }
    }
}
