namespace Pipeline.Domain.Leads;

/// <summary>new → verified → converted; new or verified → dropped; and false (虚报) for a lead found to be made up.</summary>
public enum LeadStatus
{
    New,
    Verified,
    Converted,
    Dropped,
    False,
}

public enum LeadAction
{
    Verify,
    Drop,
    MarkFalse,
    Convert,
}

/// <summary>
/// Which status moves a lead may make ("宁可不报少报，不可虚报假报"): only a verified lead becomes a project, and
/// only once; a lead found false is marked so, with a reason, and counts against its unit.
/// </summary>
public static class LeadRules
{
    public const string NotAllowed = "lead.notAllowed";
    public const string NotVerified = "lead.notVerified";
    public const string AlreadyConverted = "lead.alreadyConverted";
    public const string SecondPersonRequired = "lead.secondPersonRequired";

    /// <summary>
    /// A second pair of eyes: the person who logged a lead does not verify it, so that nobody vouches alone for what they
    /// reported; null when <paramref name="verifier"/> may verify a lead <paramref name="author"/> logged.
    /// </summary>
    public static (string Code, string Reason)? VerifierRefusal(long author, long verifier, bool secondPersonVerifies) =>
        secondPersonVerifies && author == verifier
            ? (SecondPersonRequired, "A lead is verified by someone other than the person who logged it: the unit's head or another member of the unit.")
            : null;

    public static LeadStatus Target(LeadAction action) => action switch
    {
        LeadAction.Verify => LeadStatus.Verified,
        LeadAction.Drop => LeadStatus.Dropped,
        LeadAction.MarkFalse => LeadStatus.False,
        _ => LeadStatus.Converted,
    };

    /// <summary>Null when <paramref name="action"/> is allowed from <paramref name="status"/>; otherwise the refusal code and why.</summary>
    public static (string Code, string Reason)? Refusal(LeadStatus status, LeadAction action) => (status, action) switch
    {
        (LeadStatus.New, LeadAction.Verify) => null,
        (LeadStatus.New or LeadStatus.Verified, LeadAction.Drop) => null,
        (LeadStatus.New or LeadStatus.Verified or LeadStatus.Dropped, LeadAction.MarkFalse) => null,
        (LeadStatus.Verified, LeadAction.Convert) => null,
        (LeadStatus.Converted, LeadAction.Convert) => (AlreadyConverted, "The lead has been converted into a project already."),
        (_, LeadAction.Convert) => (NotVerified, $"Only a verified lead becomes a project; this one is '{Code(status)}'. Verify it first."),
        (LeadStatus.Converted, _) => (NotAllowed, "The lead has become a project; change the project instead."),
        _ => (NotAllowed, $"A lead that is '{Code(status)}' cannot be {Past(action)}."),
    };

    public static string Code(LeadStatus status) => status switch
    {
        LeadStatus.New => "new",
        LeadStatus.Verified => "verified",
        LeadStatus.Converted => "converted",
        LeadStatus.Dropped => "dropped",
        _ => "false",
    };

    private static string Past(LeadAction action) => action switch
    {
        LeadAction.Verify => "verified",
        LeadAction.Drop => "dropped",
        LeadAction.MarkFalse => "marked false",
        _ => "converted",
    };
}
