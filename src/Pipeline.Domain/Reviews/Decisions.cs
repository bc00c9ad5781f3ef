namespace Pipeline.Domain.Reviews;

public enum Vote
{
    Approve,
    Reject,
    Abstain,
}

public enum ReviewOutcome
{
    Passed,
    Rejected,
    Deferred,
}

/// <summary>分类供地: land is supplied first to class A projects.</summary>
public enum LandClass
{
    A,
    B,
    C,
    D,
}

/// <summary>How a committee decides (configurable): quorum, trimmed mean, pass mark and land-class bands.</summary>
public sealed record DecisionPolicy(int Quorum, int TrimmedMeanFrom, decimal PassMark, decimal BandA, decimal BandB, decimal BandC);

public sealed record Decision(ReviewOutcome Outcome, decimal Score, LandClass LandClass, bool Vetoed, int Approvals, int Sheets);

public static class Decisions
{
    /// <summary>
    /// The committee's score: the mean of the members' totals, or — from <c>TrimmedMeanFrom</c> sheets on — the mean
    /// without one highest and one lowest, rounded to two decimals.
    /// </summary>
    public static decimal Score(IReadOnlyList<decimal> totals, int trimmedMeanFrom)
    {
        if (totals.Count == 0)
        {
            return 0m;
        }

        var counted = totals.Count >= trimmedMeanFrom && totals.Count > 2
            ? totals.Order().Skip(1).Take(totals.Count - 2).ToList()
            : totals.ToList();
        return Math.Round(counted.Average(), 2, MidpointRounding.AwayFromZero);
    }

    public static LandClass Classify(decimal score, DecisionPolicy policy) =>
        score >= policy.BandA ? LandClass.A : score >= policy.BandB ? LandClass.B : score >= policy.BandC ? LandClass.C : LandClass.D;

    /// <summary>
    /// Passed when the score reaches the pass mark, more than half of the sheets approve and nothing vetoes;
    /// otherwise rejected. Deferring is the chair's choice and needs no quorum.
    /// </summary>
    public static Decision Decide(IReadOnlyList<(decimal Total, Vote Vote)> sheets, bool vetoed, bool defer, DecisionPolicy policy)
    {
        var score = Score(sheets.Select(s => s.Total).ToList(), policy.TrimmedMeanFrom);
        var approvals = sheets.Count(s => s.Vote == Vote.Approve);
        var outcome = defer
            ? ReviewOutcome.Deferred
            : score >= policy.PassMark && approvals * 2 > sheets.Count && !vetoed ? ReviewOutcome.Passed : ReviewOutcome.Rejected;
        return new Decision(outcome, score, Classify(score, policy), vetoed, approvals, sheets.Count);
    }

    /// <summary>Null when there are enough sheets to decide (or the chair defers), otherwise why not.</summary>
    public static string? QuorumProblem(int sheets, bool defer, DecisionPolicy policy) =>
        defer || sheets >= policy.Quorum ? null : Words.Format(Messages.ReviewQuorum, sheets, policy.Quorum);

    /// <summary>"五不招" vetoes that follow from the figures alone: energy use above the standard.</summary>
    public static IReadOnlyList<string> AutomaticVetoes(IEnumerable<IndicatorCheck> checks) =>
        checks.Any(c => c.Indicator == Indicator.EnergyIntensity && c.Met == false) ? [VetoCodes.Energy] : [];
}

/// <summary>The default "五不招" veto reasons; the list is configurable (<c>Pipeline:Review:VetoReasons</c>).</summary>
public static class VetoCodes
{
    public const string Energy = "energy";

    public static readonly IReadOnlyDictionary<string, string> Defaults = new Dictionary<string, string>
    {
        ["industryPolicy"] = "不符合国家和省市产业政策",
        ["pollution"] = "高污染",
        [Energy] = "高耗能（能耗超标）",
        ["investmentSize"] = "投资规模不达标",
        ["investmentIntensity"] = "投资强度不达标",
        ["landSpeculation"] = "圈地、囤地",
        ["safety"] = "存在重大安全隐患",
        ["noTechnology"] = "无核心技术、技术落后",
    };
}
