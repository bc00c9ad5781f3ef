namespace Pipeline.Domain.Projects;

/// <summary>
/// The rows of the funnel ("在谈项目多、过会少、签约落地更少"): the stages, with 过会 (a passed pre-review) as a row of its own
/// after 预审 (applied for it), since a project may apply and fail.
/// </summary>
public enum FunnelStep
{
    Talks,
    PreReview,
    ReviewPassed,
    Signed,
    LandSupply,
    Groundbreaking,
    Production,
}

/// <summary>How the funnel counts: the fate of one batch of projects, or what happened in a period.</summary>
public enum FunnelMode
{
    /// <summary>Of the projects that entered talks in the period, how many have reached each row by now.</summary>
    Cohort,

    /// <summary>How many projects first reached each row within the period, whenever their talks began.</summary>
    Period,
}

public static class FunnelSteps
{
    public static string Chinese(this FunnelStep step) => step switch
    {
        FunnelStep.Talks => "洽谈",
        FunnelStep.PreReview => "预审",
        FunnelStep.ReviewPassed => "过会",
        FunnelStep.Signed => "签约",
        FunnelStep.LandSupply => "供地",
        FunnelStep.Groundbreaking => "开工",
        FunnelStep.Production => "投产",
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };

    /// <summary>The stage a row stands for: 过会 is a passed review, still within 预审 until the signing.</summary>
    public static Stage StageOf(this FunnelStep step) => step switch
    {
        FunnelStep.Talks => Stage.Talks,
        FunnelStep.PreReview or FunnelStep.ReviewPassed => Stage.PreReview,
        FunnelStep.Signed => Stage.Signed,
        FunnelStep.LandSupply => Stage.LandSupply,
        FunnelStep.Groundbreaking => Stage.Groundbreaking,
        FunnelStep.Production => Stage.Production,
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };
}
