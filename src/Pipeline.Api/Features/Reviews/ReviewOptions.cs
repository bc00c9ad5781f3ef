using Pipeline.Domain.Projects;

namespace Pipeline.Api.Features.Reviews;

/// <summary><c>Pipeline:Review</c>: the pre-review gate before signing.</summary>
public sealed class ReviewOptions
{
    public const string Section = "Pipeline:Review";

    /// <summary><c>all</c>, <c>newLand</c> or <c>none</c>: which projects need a passed review to sign.</summary>
    public ReviewRequirement RequiredForSigning { get; set; } = ReviewRequirement.None;
}
