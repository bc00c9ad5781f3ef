using Pipeline.Domain.Projects;
using Pipeline.Domain.Reviews;

namespace Pipeline.Api.Features.Reviews;

/// <summary><c>Pipeline:Review</c>: the pre-review gate before signing and how the committee decides.</summary>
public sealed class ReviewOptions : ISettings
{
    public static string Section => "Pipeline:Review";

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

    public IEnumerable<string> Problems()
    {
        if (Quorum < 1)
        {
            yield return $"{Section}:Quorum must be at least 1 (it is {Quorum}).";
        }

        if (TrimmedMeanFrom < 3)
        {
            yield return $"{Section}:TrimmedMeanFrom must be at least 3, so that a mean remains after dropping the highest and lowest (it is {TrimmedMeanFrom}).";
        }

        if (PassMark is < 0 or > 100)
        {
            yield return $"{Section}:PassMark must be between 0 and 100 (it is {PassMark}).";
        }

        if (!(BandA > BandB && BandB > BandC && BandC >= 0 && BandA <= 100))
        {
            yield return $"{Section}:BandA, BandB and BandC must descend within 0 to 100 (they are {BandA}, {BandB}, {BandC}).";
        }

        foreach (var (code, name) in VetoReasons.Where(v => string.IsNullOrWhiteSpace(v.Value)))
        {
            yield return $"{Section}:VetoReasons:{code} needs a name.";
        }
    }
}
