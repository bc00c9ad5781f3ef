using Pipeline.Domain.Projects;

namespace Pipeline.Domain.Tests;

public class LifecycleTests
{
    private static readonly DateOnly Today = new(2026, 6, 15);

    // The moves API.md allows (a null land mode: either), written out independently of the code under test.
    private static readonly (Stage From, LandMode? Mode, TransitionTarget Target, Stage Lands)[] Allowed =
    [
        (Stage.Talks, null, TransitionTarget.PreReview, Stage.PreReview),
        (Stage.Talks, null, TransitionTarget.Dropped, Stage.Dropped),
        (Stage.PreReview, null, TransitionTarget.Talks, Stage.Talks),
        (Stage.PreReview, null, TransitionTarget.Signed, Stage.Signed),
        (Stage.PreReview, null, TransitionTarget.Dropped, Stage.Dropped),
        (Stage.Signed, LandMode.NewLand, TransitionTarget.LandSupply, Stage.LandSupply),
        (Stage.Signed, LandMode.ExistingBuilding, TransitionTarget.Groundbreaking, Stage.Groundbreaking),
        (Stage.Signed, null, TransitionTarget.Dropped, Stage.Dropped),
        (Stage.LandSupply, null, TransitionTarget.Groundbreaking, Stage.Groundbreaking),
        (Stage.LandSupply, null, TransitionTarget.Dropped, Stage.Dropped),
        (Stage.Groundbreaking, null, TransitionTarget.Production, Stage.Production),
        (Stage.Groundbreaking, null, TransitionTarget.Dropped, Stage.Dropped),
    ];

    public static TheoryData<Stage, LandMode, TransitionTarget, Stage> AllowedMoves()
    {
        var data = new TheoryData<Stage, LandMode, TransitionTarget, Stage>();
        foreach (var mode in Enum.GetValues<LandMode>())
        {
            foreach (var move in Allowed.Where(m => m.Mode is null || m.Mode == mode))
            {
                data.Add(move.From, mode, move.Target, move.Lands);
            }
        }

        return data;
    }

    public static TheoryData<Stage, LandMode, TransitionTarget> RefusedMoves()
    {
        var data = new TheoryData<Stage, LandMode, TransitionTarget>();
        foreach (var from in Enum.GetValues<Stage>())
        {
            foreach (var mode in Enum.GetValues<LandMode>())
            {
                foreach (var target in Enum.GetValues<TransitionTarget>().Where(t => t != TransitionTarget.Reopen))
                {
                    if (!Allowed.Any(m => m.From == from && m.Target == target && (m.Mode is null || m.Mode == mode)))
                    {
                        data.Add(from, mode, target);
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllowedMoves))]
    public void Check_AllowedMove_MovesToTargetStage(Stage from, LandMode mode, TransitionTarget target, Stage expected)
    {
        var check = Lifecycle.Check(State(from, mode), target, Today, Today, ReviewRequirement.None);

        Assert.True(check.Allowed, check.Reason);
        Assert.Equal(expected, check.To);
    }

    [Theory]
    [MemberData(nameof(RefusedMoves))]
    public void Check_MoveNotInLifecycle_RefusedAsNotAllowed(Stage from, LandMode mode, TransitionTarget target)
    {
        var check = Lifecycle.Check(State(from, mode), target, Today, Today, ReviewRequirement.None);

        Assert.False(check.Allowed);
        Assert.Equal(TransitionCodes.NotAllowed, check.RefusalCode);
        Assert.Contains($"“{from.Chinese()}”", check.Reason);
    }

    [Fact]
    public void Check_NewLandProjectFromSignedToGroundbreaking_ExplainsLandSupplyComesFirst()
    {
        var check = Lifecycle.Check(State(Stage.Signed, LandMode.NewLand), TransitionTarget.Groundbreaking, Today, Today, ReviewRequirement.None);

        Assert.Equal(TransitionCodes.NotAllowed, check.RefusalCode);
        Assert.Equal("处于“签约”阶段的项目不能转入“开工”：可转入“供地”、“终止”。新增用地项目须先供地，再开工。", check.Reason);
    }

    [CulturedFact(["en"])]
    public void Check_EnglishCulture_ExplainsInEnglishWithTheApisValues()
    {
        var check = Lifecycle.Check(State(Stage.Signed, LandMode.NewLand), TransitionTarget.Groundbreaking, Today, Today, ReviewRequirement.None);

        Assert.Equal(
            "A project in 'signed' cannot move to 'groundbreaking': it can move to 'landSupply', 'dropped'. A newLand project needs land supplied (供地) before groundbreaking.",
            check.Reason);
    }

    [Fact]
    public void Check_DateInFuture_Refused()
    {
        var check = Lifecycle.Check(State(Stage.Talks), TransitionTarget.PreReview, Today.AddDays(1), Today, ReviewRequirement.None);

        Assert.Equal(TransitionCodes.NotAllowed, check.RefusalCode);
        Assert.Contains("晚于今天", check.Reason);
    }

    [Fact]
    public void Check_DateBeforeCurrentStageWasEntered_Refused()
    {
        var state = State(Stage.Talks) with { StageEnteredOn = Today.AddDays(-10) };

        var check = Lifecycle.Check(state, TransitionTarget.PreReview, Today.AddDays(-11), Today, ReviewRequirement.None);

        Assert.Equal(TransitionCodes.NotAllowed, check.RefusalCode);
        Assert.Contains("早于项目进入当前阶段“洽谈”", check.Reason);
    }

    [Fact]
    public void Check_DateOnTheDayCurrentStageWasEntered_Allowed()
    {
        var state = State(Stage.Talks) with { StageEnteredOn = Today.AddDays(-10) };

        Assert.True(Lifecycle.Check(state, TransitionTarget.PreReview, Today.AddDays(-10), Today, ReviewRequirement.None).Allowed);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(false, false)]
    public void Check_SigningWithoutResponsibleUnitOrPerson_RefusedAsResponsibleRequired(bool unit, bool person)
    {
        var state = State(Stage.PreReview) with { HasResponsibleUnit = unit, HasResponsiblePerson = person };

        var check = Lifecycle.Check(state, TransitionTarget.Signed, Today, Today, ReviewRequirement.None);

        Assert.Equal(TransitionCodes.ResponsibleRequired, check.RefusalCode);
    }

    [Theory]
    [InlineData(ReviewRequirement.All, LandMode.NewLand, false, TransitionCodes.ReviewRequired)]
    [InlineData(ReviewRequirement.All, LandMode.ExistingBuilding, false, TransitionCodes.ReviewRequired)]
    [InlineData(ReviewRequirement.All, LandMode.ExistingBuilding, true, null)]
    [InlineData(ReviewRequirement.NewLand, LandMode.NewLand, false, TransitionCodes.ReviewRequired)]
    [InlineData(ReviewRequirement.NewLand, LandMode.ExistingBuilding, false, null)]
    [InlineData(ReviewRequirement.None, LandMode.NewLand, false, null)]
    public void Check_SigningUnderReviewRequirement_GatesOnPassedReview(
        ReviewRequirement requirement, LandMode mode, bool passed, string? expectedRefusal)
    {
        var state = State(Stage.PreReview, mode) with { HasPassedReview = passed };

        var check = Lifecycle.Check(state, TransitionTarget.Signed, Today, Today, requirement);

        Assert.Equal(expectedRefusal, check.RefusalCode);
    }

    [Fact]
    public void Check_ReopenDroppedProject_ReturnsToStageItWasDroppedFrom()
    {
        var state = State(Stage.Dropped) with { DroppedFrom = Stage.LandSupply };

        var check = Lifecycle.Check(state, TransitionTarget.Reopen, Today, Today, ReviewRequirement.None);

        Assert.Equal(Stage.LandSupply, check.To);
    }

    [Fact]
    public void Check_ReopenProjectThatIsNotDropped_Refused()
    {
        var check = Lifecycle.Check(State(Stage.Signed), TransitionTarget.Reopen, Today, Today, ReviewRequirement.None);

        Assert.Equal(TransitionCodes.NotAllowed, check.RefusalCode);
        Assert.Equal("只有已终止的项目可以重新启动；该项目处于“签约”阶段。", check.Reason);
    }

    private static ProjectState State(Stage stage, LandMode mode = LandMode.NewLand) =>
        new(stage, mode, Today.AddDays(-30), stage == Stage.Dropped ? Stage.Talks : null,
            HasResponsibleUnit: true, HasResponsiblePerson: true, HasPassedReview: false);
}
