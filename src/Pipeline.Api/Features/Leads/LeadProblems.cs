using Pipeline.Domain.Accounts;
using Pipeline.Domain.Leads;

namespace Pipeline.Api.Features.Leads;

/// <summary>The answers about a lead that every feature acting on one gives (leads, and projects converted from them).</summary>
public static class LeadProblems
{
    public static string NotFoundMessage(long id) => Words.Format(Messages.LeadNotFound, id);

    /// <summary>Null when the caller may take <paramref name="action"/> on the lead as read; otherwise 404, 403 or the rule's 409.</summary>
    public static ProblemHttpResult? ActionRefusal(LeadRow? lead, long id, LeadAction action, Caller caller, bool secondPersonVerifies)
    {
        if (lead is null)
        {
            return Problems.NotFound(NotFoundMessage(id));
        }

        if (action == LeadAction.MarkFalse)
        {
            if (!caller.Is(Role.Leader | Role.Admin))
            {
                return Problems.Forbidden(Messages.LeadMarkFalseLeaderOnly);
            }
        }
        else if (!lead.CanAct)
        {
            return Problems.Forbidden(Messages.LeadReadOnly);
        }

        if (LeadRules.Refusal(lead.Status, action) is { } refusal)
        {
            return Problems.Conflict(refusal.Code, refusal.Reason);
        }

        return action == LeadAction.Verify && LeadRules.VerifierRefusal(lead.CreatedBy ?? 0, caller.Id, secondPersonVerifies) is { } second
            ? Problems.Conflict(second.Code, second.Reason)
            : null;
    }
}
