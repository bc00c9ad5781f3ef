using Pipeline.Domain.Leads;
using Pipeline.Domain.Trips;

namespace Pipeline.Domain.Tests;

public class TripAndLeadRulesTests
{
    private static readonly DateOnly Today = new(2026, 6, 15);

    [Theory]
    [InlineData(1, 1, true)]
    [InlineData(0, 1, false)]
    [InlineData(5, 1, true)]
    [InlineData(2, 3, false)]
    [InlineData(3, 3, true)]
    [InlineData(0, 0, true)]
    public void IsOnTime_DaysBeforeStart_AtLeastDaysAhead(int daysBefore, int daysAhead, bool onTime) =>
        Assert.Equal(onTime, TripRules.IsOnTime(Today, Today.AddDays(daysBefore), daysAhead));

    [Fact]
    public void DaysAndReportDue_IncludeBothEnds()
    {
        Assert.Equal(1, TripRules.Days(Today, Today));
        Assert.Equal(3, TripRules.Days(Today, Today.AddDays(2)));
        Assert.Equal(Today.AddDays(15), TripRules.ReportDueOn(Today, 15));
    }

    [Fact]
    public void CancelProblem_BeforeStartOnly()
    {
        Assert.Null(TripRules.CancelProblem(TripStatus.Registered, Today.AddDays(1), Today));
        Assert.Contains("只有尚未开始的外出招商可以取消", TripRules.CancelProblem(TripStatus.Registered, Today, Today));
        Assert.NotNull(TripRules.CancelProblem(TripStatus.Completed, Today.AddDays(1), Today));
        Assert.NotNull(TripRules.CancelProblem(TripStatus.Cancelled, Today.AddDays(1), Today));
    }

    [Fact]
    public void ReportProblem_OnceStartedAndOnlyOnce()
    {
        Assert.Null(TripRules.ReportProblem(TripStatus.Approved, Today, Today, approvalRequired: true));
        Assert.Contains("开始后方可报告", TripRules.ReportProblem(TripStatus.Approved, Today.AddDays(1), Today, approvalRequired: true));
        Assert.Contains("已报告", TripRules.ReportProblem(TripStatus.Completed, Today.AddDays(-3), Today, approvalRequired: true));
        Assert.NotNull(TripRules.ReportProblem(TripStatus.Cancelled, Today.AddDays(-3), Today, approvalRequired: true));
        Assert.NotNull(TripRules.ReportProblem(TripStatus.Rejected, Today.AddDays(-3), Today, approvalRequired: true));
    }

    [Fact]
    public void ReportProblem_NotApproved_OnlyWhereApprovalIsRequired()
    {
        Assert.Contains("尚未经单位负责人批准", TripRules.ReportProblem(TripStatus.Registered, Today, Today, approvalRequired: true));
        Assert.Null(TripRules.ReportProblem(TripStatus.Registered, Today, Today, approvalRequired: false));
    }

    [Theory]
    [InlineData(1, null, 0, false)]
    [InlineData(0, null, 0, true)]
    [InlineData(0, -1, 3, false)]
    [InlineData(0, 0, 3, false)]
    [InlineData(0, 1, 3, true)]
    public void IsNotApproved_ByTheStartDate(int startIn, int? approvedIn, int todayIn, bool flagged) =>
        Assert.Equal(flagged, TripRules.IsNotApproved(Today.AddDays(startIn), approvedIn is { } a ? Today.AddDays(a) : null, Today.AddDays(todayIn)));

    [Fact]
    public void ApprovalProblem_OnlyARegisteredTrip()
    {
        Assert.Null(TripRules.ApprovalProblem(TripStatus.Registered));
        Assert.All([TripStatus.Approved, TripStatus.Rejected, TripStatus.Cancelled, TripStatus.Completed], s => Assert.NotNull(TripRules.ApprovalProblem(s)));
    }

    [Fact]
    public void VerifierRefusal_TheAuthor_RefusedUnlessTheSettingIsOff()
    {
        Assert.Equal(LeadRules.SecondPersonRequired, LeadRules.VerifierRefusal(7, 7, secondPersonVerifies: true)?.Code);
        Assert.Null(LeadRules.VerifierRefusal(7, 8, secondPersonVerifies: true));
        Assert.Null(LeadRules.VerifierRefusal(7, 7, secondPersonVerifies: false));
    }

    public static TheoryData<LeadStatus, LeadAction, string?> LeadMoves => new()
    {
        { LeadStatus.New, LeadAction.Verify, null },
        { LeadStatus.New, LeadAction.Drop, null },
        { LeadStatus.New, LeadAction.MarkFalse, null },
        { LeadStatus.New, LeadAction.Convert, LeadRules.NotVerified },
        { LeadStatus.Verified, LeadAction.Verify, LeadRules.NotAllowed },
        { LeadStatus.Verified, LeadAction.Drop, null },
        { LeadStatus.Verified, LeadAction.MarkFalse, null },
        { LeadStatus.Verified, LeadAction.Convert, null },
        { LeadStatus.Converted, LeadAction.Convert, LeadRules.AlreadyConverted },
        { LeadStatus.Converted, LeadAction.MarkFalse, LeadRules.NotAllowed },
        { LeadStatus.Converted, LeadAction.Drop, LeadRules.NotAllowed },
        { LeadStatus.Dropped, LeadAction.Verify, LeadRules.NotAllowed },
        { LeadStatus.Dropped, LeadAction.MarkFalse, null },
        { LeadStatus.Dropped, LeadAction.Convert, LeadRules.NotVerified },
        { LeadStatus.False, LeadAction.Verify, LeadRules.NotAllowed },
        { LeadStatus.False, LeadAction.Convert, LeadRules.NotVerified },
    };

    [Theory]
    [MemberData(nameof(LeadMoves))]
    public void Refusal_LeadMove_AllowedOrRefusedWithCode(LeadStatus from, LeadAction action, string? code) =>
        Assert.Equal(code, LeadRules.Refusal(from, action)?.Code);

    [Fact]
    public void Target_EachAction_LandsInItsStatus()
    {
        Assert.Equal(LeadStatus.Verified, LeadRules.Target(LeadAction.Verify));
        Assert.Equal(LeadStatus.False, LeadRules.Target(LeadAction.MarkFalse));
        Assert.Equal(LeadStatus.Converted, LeadRules.Target(LeadAction.Convert));
        Assert.Equal(LeadStatus.Dropped, LeadRules.Target(LeadAction.Drop));
    }
}
