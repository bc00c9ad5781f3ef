namespace Pipeline.Domain.Ranking;

/// <summary>How units are scored (四季竞赛): weights per target, how far beyond a target still counts, and deductions.</summary>
public sealed record RankingPolicy(
    decimal SignedCountWeight, decimal SignedAmountWeight, decimal StartedCountWeight, decimal CompletionCap,
    decimal StalledProjectDeduction, decimal FalseLeadDeduction, decimal MissingUpdateDeduction);

/// <summary>A unit's yearly targets: projects signed, amount signed (万元), projects started.</summary>
public sealed record UnitTargets(int SignedCount, decimal SignedAmount, int StartedCount);

/// <summary>What a unit achieved in the period, and what counts against it.</summary>
/// <param name="MissingUpdates">Monthly updates (月度调度) its projects owed and did not file by their due day.</param>
public sealed record UnitResults(int SignedCount, decimal SignedAmount, int StartedCount, int StalledProjects, int FalseLeads, int MissingUpdates);

public sealed record ScoreBreakdown(
    decimal SignedCount, decimal SignedAmount, decimal StartedCount, decimal StalledDeduction, decimal FalseLeadDeduction, decimal MissingUpdateDeduction,
    decimal Total, bool TargetsMet);

public static class UnitRanking
{
    /// <summary>
    /// Each target scores its weight times the share achieved (capped at <c>CompletionCap</c>; a zero target scores in
    /// full), minus deductions per stalled project, per false lead and per monthly update not filed by its due day. <paramref name="share"/> is the part of the
    /// yearly targets the period stands for (1 for a year, 0.25 for a quarter).
    /// </summary>
    public static ScoreBreakdown Score(UnitResults results, UnitTargets targets, decimal share, RankingPolicy policy)
    {
        decimal Part(decimal actual, decimal target, decimal weight) =>
            Math.Round(weight * (target * share <= 0 ? 1m : Math.Min(actual / (target * share), policy.CompletionCap)), 2, MidpointRounding.AwayFromZero);

        var signedCount = Part(results.SignedCount, targets.SignedCount, policy.SignedCountWeight);
        var signedAmount = Part(results.SignedAmount, targets.SignedAmount, policy.SignedAmountWeight);
        var startedCount = Part(results.StartedCount, targets.StartedCount, policy.StartedCountWeight);
        var stalled = results.StalledProjects * policy.StalledProjectDeduction;
        var falseLeads = results.FalseLeads * policy.FalseLeadDeduction;
        var missingUpdates = results.MissingUpdates * policy.MissingUpdateDeduction;
        return new ScoreBreakdown(signedCount, signedAmount, startedCount, stalled, falseLeads, missingUpdates,
            signedCount + signedAmount + startedCount - stalled - falseLeads - missingUpdates, TargetsMet(results, targets, share));
    }

    /// <summary>Every target reached, in proportion to the period.</summary>
    public static bool TargetsMet(UnitResults results, UnitTargets targets, decimal share) =>
        results.SignedCount >= targets.SignedCount * share
        && results.SignedAmount >= targets.SignedAmount * share
        && results.StartedCount >= targets.StartedCount * share;
}
