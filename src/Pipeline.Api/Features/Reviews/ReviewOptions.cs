using Pipeline.Domain.Projects;
using Pipeline.Domain.Reviews;

namespace Pipeline.Api.Features.Reviews;

/// <summary><c>Pipeline:Review</c>: the pre-review gate before signing and how the committee decides.</summary>
public sealed class ReviewOptions
{
    public const string Section = "Pipeline:Review";

    /// <summary><c>all</c>, <c>newLand</c> or <c>none</c>: which projects need a passed review to sign.</summary>
    public ReviewRequirement RequiredForSigning { get; set; } = ReviewRequirement.All;

    /// <summary>Score sheets needed before the chair can decide.</summary>
    public int Quorum { get; set; } = 3;

    /// <summary>From this many sheets on, the highest and the lowest are dropped from the mean.</summary>
    public int TrimmedMeanFrom { get; set; } = 5;

    public decimal PassMark { get; set; } = 60m;

    /// <summary>Land-class bands: A from <c>BandA</c>, B from <c>BandB</c>, C from <c>BandC</c>, D below.</summary>
    public decimal BandA { get; set; } = 85m;

    public decimal BandB { get; set; } = 75m;

    public decimal BandC { get; set; } = 60m;

    /// <summary>"五不招" veto reason codes and their names; configuration adds to or renames the defaults.</summary>
    public Dictionary<string, string> VetoReasons { get; set; } = new(VetoCodes.Defaults);

    public DecisionPolicy Policy => new(Quorum, TrimmedMeanFrom, PassMark, BandA, BandB, BandC);
}
