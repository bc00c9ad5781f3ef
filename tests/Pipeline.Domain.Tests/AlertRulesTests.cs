using Pipeline.Domain.Alerts;

namespace Pipeline.Domain.Tests;

public class AlertRulesTests
{
    // National Day week 2026 as an example: Oct 1 (Thu) to Oct 7 (Wed) off, Saturday Oct 10 worked in exchange (调休).
    private static readonly WorkCalendar Working = WorkCalendar.Working(new Dictionary<DateOnly, bool>
    {
        [new(2026, 10, 1)] = false, [new(2026, 10, 2)] = false, [new(2026, 10, 5)] = false,
        [new(2026, 10, 6)] = false, [new(2026, 10, 7)] = false, [new(2026, 10, 10)] = true,
    });

    [Fact]
    public void DaysBetween_Natural_CalendarDaysWithTheDayAfterAsDayOne()
    {
        Assert.Equal(0, WorkCalendar.Natural.DaysBetween(new(2026, 6, 15), new(2026, 6, 15)));
        Assert.Equal(1, WorkCalendar.Natural.DaysBetween(new(2026, 6, 15), new(2026, 6, 16)));
        Assert.Equal(60, WorkCalendar.Natural.DaysBetween(new(2026, 4, 16), new(2026, 6, 15)));
    }

    [Fact]
    public void DaysBetween_WorkingAcrossNationalDayAndAWorkedSaturday_CountsOnlyWorkingDays()
    {
        // Oct 1-7 off (incl. the weekend), Oct 8 Thu, Oct 9 Fri, Oct 10 Sat (调休), Oct 11 Sun off, Oct 12 Mon.
        Assert.Equal(4, Working.DaysBetween(new(2026, 9, 30), new(2026, 10, 12)));
        Assert.False(Working.IsCounted(new(2026, 10, 11)));
        Assert.True(Working.IsCounted(new(2026, 10, 10)));
        Assert.False(Working.IsCounted(new(2026, 10, 3)));
    }

    [Fact]
    public void DaysBetween_WorkingOrdinaryWeek_SkipsTheWeekend() =>
        Assert.Equal(5, Working.DaysBetween(new(2026, 6, 12), new(2026, 6, 19)));

    [Fact]
    public void Cutoff_WorkingAcrossTheHoliday_LatestDateThatHasReachedTheThreshold()
    {
        var today = new DateOnly(2026, 10, 12);

        // Sep 30 to Oct 7 all lie 4 working days before Oct 12 (the holiday adds none): the latest of them is the cut-off.
        Assert.Equal(new DateOnly(2026, 10, 7), Working.Cutoff(today, 4));
        Assert.Equal(new DateOnly(2026, 9, 29), Working.Cutoff(today, 5));
        Assert.Equal(today, Working.Cutoff(today, 0));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(15)]
    [InlineData(60)]
    public void Cutoff_AnyThreshold_IsExactlyWhereTheCountReachesIt(int days)
    {
        foreach (var calendar in new[] { WorkCalendar.Natural, Working })
        {
            var today = new DateOnly(2026, 10, 12);
            var cutoff = calendar.Cutoff(today, days);

            Assert.True(calendar.DaysBetween(cutoff, today) >= days);
            Assert.True(calendar.DaysBetween(cutoff.AddDays(1), today) < days);
        }
    }

    [Theory]
    [InlineData(59, null)]
    [InlineData(60, AlertLevel.Yellow)]
    [InlineData(61, AlertLevel.Yellow)]
    [InlineData(89, AlertLevel.Yellow)]
    [InlineData(90, AlertLevel.Orange)]
    [InlineData(179, AlertLevel.Orange)]
    [InlineData(180, AlertLevel.Red)]
    [InlineData(400, AlertLevel.Red)]
    public void LevelAt_AroundEachThreshold(int days, AlertLevel? expected) =>
        Assert.Equal(expected, new Thresholds(60, 90, 180).LevelAt(days));

    [Theory]
    [InlineData(-1, 5, 10)]
    [InlineData(10, 5, 20)]
    [InlineData(5, 10, 9)]
    public void Thresholds_OutOfOrder_Refused(int yellow, int orange, int red) =>
        Assert.NotNull(new Thresholds(yellow, orange, red).Problem());

    [Fact]
    public void Defaults_TheEightRulesWithTheDocumentedThresholds()
    {
        var rules = AlertRuleCodes.Defaults.ToDictionary(r => r.Code);

        Assert.Equal(8, rules.Count);
        Assert.Equal(new Thresholds(0, 30, 90), rules[AlertRuleCodes.SignedNotStarted].Thresholds);
        Assert.Equal(new Thresholds(60, 90, 180), rules[AlertRuleCodes.SignedNotStarted].Fallback);
        Assert.Equal(new Thresholds(90, 180, 365), rules[AlertRuleCodes.LandNotStarted].Thresholds);
        Assert.Equal(new Thresholds(0, 7, 15), rules[AlertRuleCodes.TripReportOverdue].Thresholds);
        Assert.Equal(new Thresholds(0, 10, 25), rules[AlertRuleCodes.MonthlyUpdateMissing].Thresholds);
    }
}
