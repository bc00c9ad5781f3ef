using Pipeline.Domain.Alerts;

namespace Pipeline.Domain.Tests;

public class AlertRightsTests
{
    [Fact]
    public void For_TheResponsiblePerson_AcknowledgesCommentsAndAnswersButCannotSilenceIt()
    {
        var rights = AlertRights.For(new AlertStanding(IsResponsible: true, IsLeader: false, IsUnitHead: false, IsAdmin: false));

        Assert.Equal(new AlertPermissions(Acknowledge: true, Comment: true, Snooze: false, Resolve: false, Instruct: false, Answer: true), rights);
    }

    [Fact]
    public void For_TheProjectsLeader_SnoozesResolvesAndInstructs()
    {
        var rights = AlertRights.For(new AlertStanding(false, IsLeader: true, false, false));

        Assert.True(rights.Snooze && rights.Resolve && rights.Instruct && rights.Acknowledge);
        Assert.False(rights.Answer);
    }

    [Fact]
    public void For_TheUnitsHead_SnoozesAndResolvesButDoesNotInstruct()
    {
        var rights = AlertRights.For(new AlertStanding(false, false, IsUnitHead: true, false));

        Assert.True(rights.Snooze && rights.Resolve);
        Assert.False(rights.Instruct);
    }

    [Fact]
    public void For_SomeoneElseWhoMaySeeIt_OnlyReads() =>
        Assert.Equal(new AlertPermissions(false, false, false, false, false, false), AlertRights.For(new AlertStanding(false, false, false, false)));
}
