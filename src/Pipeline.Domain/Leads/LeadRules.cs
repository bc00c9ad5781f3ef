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
            ? (SecondPersonRequired, Messages.LeadSecondPersonRequired)
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
        (LeadStatus.Converted, LeadAction.Convert) => (AlreadyConverted, Messages.LeadAlreadyConverted),
        (_, LeadAction.Convert) => (NotVerified, Words.Format(Messages.LeadNotVerified, Name(status))),
        (LeadStatus.Converted, _) => (NotAllowed, Messages.LeadBecameProject),
        (_, LeadAction.Verify) => (NotAllowed, Words.Format(Messages.LeadCannotVerify, Name(status))),
        (_, LeadAction.Drop) => (NotAllowed, Words.Format(Messages.LeadCannotDrop, Name(status))),
        _ => (NotAllowed, Words.Format(Messages.LeadCannotMarkFalse, Name(status))),
    };

    public static string Code(LeadStatus status) => status switch
    {
        LeadStatus.New => "new",
        LeadStatus.Verified => "verified",
        LeadStatus.Converted => "converted",
        LeadStatus.Dropped => "dropped",
        _ => "false",
    };

    /// <summary>The status as people call it in the request's language: 已核实 in Chinese, the API's value in English.</summary>
    public static string Name(LeadStatus status) => status switch
    {
        LeadStatus.New => Messages.LeadStatusNew,
        LeadStatus.Verified => Messages.LeadStatusVerified,
        LeadStatus.Converted => Messages.LeadStatusConverted,
        LeadStatus.Dropped => Messages.LeadStatusDropped,
        _ => Messages.LeadStatusFalse,
    };
}
