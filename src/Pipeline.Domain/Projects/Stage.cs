using System.Globalization;

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

    /// <summary>The stage as people call it in the request's language: 签约 in Chinese, the API's value in English.</summary>
    public static string Name(this Stage stage) => Messages.ResourceManager.GetString(NameKey(stage), CultureInfo.CurrentUICulture)!;

    /// <summary>The stage in Chinese (洽谈, 预审 …) whatever the request's language, for data people read.</summary>
    public static string Chinese(this Stage stage) => ChineseNames[(int)stage];

    // Every row of a list names its stage: looked up once, not in the resources for each row.
    private static readonly string[] ChineseNames = [.. Enum.GetValues<Stage>().Select(s => Words.Chinese(NameKey(s)))];

    public static string Code(this LandMode mode) => mode == LandMode.NewLand ? "newLand" : "existingBuilding";

    public static string Chinese(this LandMode mode) => mode == LandMode.NewLand ? "新增用地" : "标准厂房";

    /// <summary>A stage from what a ledger says: its Chinese name (in either common wording) or its API value.</summary>
    public static Stage? Parse(string text) => text.Trim() switch
    {
        "洽谈" or "在谈" => Stage.Talks,
        "预审" or "过会" => Stage.PreReview,
        "签约" or "已签约" => Stage.Signed,
        "供地" or "已供地" => Stage.LandSupply,
        "开工" or "在建" or "已开工" => Stage.Groundbreaking,
        "投产" or "已投产" => Stage.Production,
        "终止" or "已终止" => Stage.Dropped,
        var code => Enum.GetValues<Stage>().Cast<Stage?>().FirstOrDefault(s => string.Equals(s!.Value.Code(), code, StringComparison.OrdinalIgnoreCase)),
    };

    private static string NameKey(Stage stage) => stage switch
    {
        Stage.Talks => nameof(Messages.StageTalks),
        Stage.PreReview => nameof(Messages.StagePreReview),
        Stage.Signed => nameof(Messages.StageSigned),
        Stage.LandSupply => nameof(Messages.StageLandSupply),
        Stage.Groundbreaking => nameof(Messages.StageGroundbreaking),
        Stage.Production => nameof(Messages.StageProduction),
        Stage.Dropped => nameof(Messages.StageDropped),
        _ => throw new ArgumentOutOfRangeException(nameof(stage)),
    };

    /// <summary>A land mode from a ledger: 新增用地 for new land; 标准厂房 or 租赁厂房 for an existing building.</summary>
    public static LandMode? ParseLandMode(string text) => text.Trim() switch
    {
        "新增用地" or "新供地" or "newLand" => LandMode.NewLand,
        "标准厂房" or "租赁厂房" or "现有厂房" or "existingBuilding" => LandMode.ExistingBuilding,
        _ => null,
    };
}
