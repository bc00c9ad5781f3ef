namespace Pipeline.Domain.Projects;

/// <summary>The stages of an investment project, in the order a project normally moves through them.</summary>
public enum Stage
{
    Talks,
    PreReview,
    Signed,
    LandSupply,
    Groundbreaking,
    Production,
    Dropped,
}

/// <summary>Whether a project needs newly supplied land or moves into an existing (standard or leased) building.</summary>
public enum LandMode
{
    NewLand,
    ExistingBuilding,
}

public static class StageNames
{
    /// <summary>The stage's value as stored and as the API spells it (camelCase).</summary>
    public static string Code(this Stage stage) => stage switch
    {
        Stage.Talks => "talks",
        Stage.PreReview => "preReview",
        Stage.Signed => "signed",
        Stage.LandSupply => "landSupply",
        Stage.Groundbreaking => "groundbreaking",
        Stage.Production => "production",
        Stage.Dropped => "dropped",
        _ => throw new ArgumentOutOfRangeException(nameof(stage)),
    };

    public static string Chinese(this Stage stage) => stage switch
    {
        Stage.Talks => "洽谈",
        Stage.PreReview => "预审",
        Stage.Signed => "签约",
        Stage.LandSupply => "供地",
        Stage.Groundbreaking => "开工",
        Stage.Production => "投产",
        Stage.Dropped => "终止",
        _ => throw new ArgumentOutOfRangeException(nameof(stage)),
    };

    public static string Code(this LandMode mode) => mode == LandMode.NewLand ? "newLand" : "existingBuilding";
}
