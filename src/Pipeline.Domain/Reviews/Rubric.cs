namespace Pipeline.Domain.Reviews;

/// <summary>
/// A scoring criterion out of <c>Weight</c> points. With an indicator it suggests a score piecewise-linearly:
/// full marks at or better than the standard, <c>PointsPerStep</c> off for every <c>Step</c> short of it, never below zero.
/// </summary>
public sealed record Criterion(string Code, string Name, decimal Weight, Indicator? Indicator = null, decimal? PointsPerStep = null, decimal? Step = null);

public static class RubricRules
{
    public const decimal TotalWeight = 100m;

    /// <summary>Field errors of a rubric (weights must add up to 100), keyed like the request.</summary>
    public static IReadOnlyList<(string Field, string Message)> Problems(IReadOnlyList<Criterion> criteria)
    {
        var problems = new List<(string, string)>();
        if (criteria.Count == 0)
        {
            problems.Add(("criteria", Messages.RubricEmpty));
            return problems;
        }

        var sum = criteria.Sum(c => c.Weight);
        if (sum != TotalWeight)
        {
            problems.Add(("criteria", Words.Format(Messages.RubricWeights, sum, TotalWeight)));
        }

        foreach (var duplicate in criteria.GroupBy(c => c.Code).Where(g => g.Count() > 1))
        {
            problems.Add(("criteria", Words.Format(Messages.RubricDuplicateCode, duplicate.Key)));
        }

        for (var i = 0; i < criteria.Count; i++)
        {
            var c = criteria[i];
            if (c.Weight <= 0)
            {
                problems.Add(($"criteria[{i}].weight", Messages.GreaterThanZero));
            }

            if (c.Indicator is not null && (c.PointsPerStep is not > 0 || c.Step is not > 0))
            {
                problems.Add(($"criteria[{i}]", Messages.RubricIndicatorNeedsSteps));
            }

            if (c.Indicator is null && (c.PointsPerStep is not null || c.Step is not null))
            {
                problems.Add(($"criteria[{i}]", Messages.RubricStepsNeedIndicator));
            }
        }

        return problems;
    }

    /// <summary>The suggested score, or null when the criterion has no indicator, or the value or standard is unknown.</summary>
    public static decimal? Suggest(Criterion criterion, IndicatorCheck? check)
    {
        if (criterion.Indicator is null || check?.Gap is not { } gap || criterion.Step is not { } step || criterion.PointsPerStep is not { } points)
        {
            return null;
        }

        if (gap >= 0)
        {
            return criterion.Weight;
        }

        var suggested = criterion.Weight - (-gap / step * points);
        return Math.Max(0m, Math.Round(suggested, 2, MidpointRounding.AwayFromZero));
    }
}
