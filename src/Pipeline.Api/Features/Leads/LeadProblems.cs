using Microsoft.AspNetCore.Http.HttpResults;
using Pipeline.Api.Hosting;
using Pipeline.Domain.Accounts;
using Pipeline.Domain.Leads;

namespace Pipeline.Api.Features.Leads;

/// <summary>The answers about a lead that every feature acting on one gives (leads, and projects converted from them).</summary>
public static class LeadProblems
{
    public static string NotFoundMessage(long id) => $"There is no lead {id}, or it is outside what you may see.";

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
                return Problems.Forbidden("Only a leader or an admin may mark a lead as false (虚报).");
            }
        }
        else if (!lead.CanAct)
        {
            return Problems.Forbidden("This lead belongs to another unit; you may read it but not act on it.");
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
