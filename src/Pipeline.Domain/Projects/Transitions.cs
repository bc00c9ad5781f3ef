namespace Pipeline.Domain.Projects;

/// <summary>Where a transition request wants the project to go: a stage, or back to the stage it was dropped from.</summary>
public enum TransitionTarget
{
    Talks,
    PreReview,
    Signed,
    LandSupply,
    Groundbreaking,
    Production,
    Dropped,
    Reopen,
}

/// <summary>Which projects need a passed pre-review before they may sign (<c>Pipeline:Review:RequiredForSigning</c>).</summary>
public enum ReviewRequirement
{
    All,
    NewLand,
    None,
}

/// <summary>What the lifecycle rules need to know about a project to judge a move.</summary>
public sealed record ProjectState(
    Stage Stage,
    LandMode LandMode,
    DateOnly StageEnteredOn,
    Stage? DroppedFrom,
    bool HasResponsibleUnit,
    bool HasResponsiblePerson,
    bool HasPassedReview);

/// <summary>The outcome of checking a transition: the stage to move to, or a refusal with a stable code.</summary>
public sealed record TransitionCheck(Stage? To, string? RefusalCode, string? Reason)
{
    public bool Allowed => To is not null;

    public static TransitionCheck Allow(Stage to) => new(to, null, null);

    public static TransitionCheck Refuse(string code, string reason) => new(null, code, reason);
}

public static class TransitionCodes
{
    public const string NotAllowed = "transition.notAllowed";
    public const string ResponsibleRequired = "transition.responsibleRequired";
    public const string ReviewRequired = "transition.reviewRequired";
}

/// <summary>
/// The project lifecycle: which moves are allowed from which stage, and the date and precondition rules.
/// talks → preReview | dropped; preReview → talks | signed | dropped; signed → landSupply (newLand) |
/// groundbreaking (existingBuilding) | dropped; landSupply → groundbreaking | dropped;
/// groundbreaking → production | dropped; dropped → reopen (back to the stage it was dropped from).
/// </summary>
public static class Lifecycle
{
    public static IReadOnlyList<Stage> NextStages(Stage from, LandMode landMode) => from switch
    {
        Stage.Talks => [Stage.PreReview, Stage.Dropped],
        Stage.PreReview => [Stage.Talks, Stage.Signed, Stage.Dropped],
        Stage.Signed => landMode == LandMode.NewLand
            ? [Stage.LandSupply, Stage.Dropped]
            : [Stage.Groundbreaking, Stage.Dropped],
        Stage.LandSupply => [Stage.Groundbreaking, Stage.Dropped],
        Stage.Groundbreaking => [Stage.Production, Stage.Dropped],
        _ => [],
    };

    public static TransitionCheck Check(
        ProjectState project, TransitionTarget target, DateOnly on, DateOnly today, ReviewRequirement reviewRequirement)
    {
        var to = Resolve(project, target);
        if (to is null)
        {
            return Refuse(project, target);
        }

        if (on > today)
        {
            return TransitionCheck.Refuse(TransitionCodes.NotAllowed, Words.Format(Messages.TransitionDateInFuture, on, today));
        }

        if (on < project.StageEnteredOn)
        {
            return TransitionCheck.Refuse(TransitionCodes.NotAllowed,
                Words.Format(Messages.TransitionDateBeforeStage, on, project.Stage.Name(), project.StageEnteredOn));
        }

        if (to == Stage.Signed)
        {
            if (!project.HasResponsibleUnit || !project.HasResponsiblePerson)
            {
                return TransitionCheck.Refuse(TransitionCodes.ResponsibleRequired, Messages.TransitionResponsibleRequired);
            }

            if (NeedsReview(project.LandMode, reviewRequirement) && !project.HasPassedReview)
            {
                return TransitionCheck.Refuse(TransitionCodes.ReviewRequired, Messages.TransitionReviewRequired);
            }
        }

        return TransitionCheck.Allow(to.Value);
    }

    public static bool NeedsReview(LandMode landMode, ReviewRequirement requirement) => requirement switch
    {
        ReviewRequirement.All => true,
        ReviewRequirement.NewLand => landMode == LandMode.NewLand,
        _ => false,
    };

    private static Stage? Resolve(ProjectState project, TransitionTarget target)
    {
        if (target == TransitionTarget.Reopen)
        {
            return project.Stage == Stage.Dropped ? project.DroppedFrom : null;
        }

        var to = (Stage)(int)target;
        return NextStages(project.Stage, project.LandMode).Contains(to) ? to : null;
    }

    private static TransitionCheck Refuse(ProjectState project, TransitionTarget target)
    {
        if (target == TransitionTarget.Reopen)
        {
            return TransitionCheck.Refuse(TransitionCodes.NotAllowed, Words.Format(Messages.TransitionReopenOnlyDropped, project.Stage.Name()));
        }

        var to = (Stage)(int)target;
        var allowed = NextStages(project.Stage, project.LandMode);
        var options = allowed.Count == 0
            ? project.Stage == Stage.Dropped ? Messages.TransitionOnlyReopen : Messages.TransitionNoFurther
            : Words.Format(Messages.TransitionCanMoveTo, Words.QuotedList(allowed.Select(s => s.Name())));
        var hint = (project.Stage, to, project.LandMode) switch
        {
            (Stage.Signed, Stage.Groundbreaking, LandMode.NewLand) => Messages.TransitionNewLandNeedsLand,
            (Stage.Signed, Stage.LandSupply, LandMode.ExistingBuilding) => Messages.TransitionExistingBuildingSkipsLand,
            _ => "",
        };
        return TransitionCheck.Refuse(TransitionCodes.NotAllowed,
            Words.Format(Messages.TransitionNotAllowed, project.Stage.Name(), to.Name(), options, hint));
    }
}
