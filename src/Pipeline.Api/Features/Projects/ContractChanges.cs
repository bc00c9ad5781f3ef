using Pipeline.Domain.Accounts;

namespace Pipeline.Api.Features.Projects;

/// <summary>
/// 合同变更: after signing, the contract's amount, planned dates and area change only by a request with a reason, which the
/// project's leader (包保领导) or an admin approves — someone other than who proposed it. Until then nothing moves, alerts
/// included; the original terms stay on record in every request, and reports count the amount at signing.
/// </summary>
public static class ContractChanges
{
    public static Task<Results<Ok<IReadOnlyList<ContractChangeDto>>, ProblemHttpResult>> List(long id, [AsParameters] ApiContext ctx) =>
        ProjectProblems.ListIfVisibleAsync(id, ctx, session => ContractChangeStore.ListAsync(session, id));

    public static async Task<Results<Created<ContractChangeDto>, ProblemHttpResult>> Propose(long id, ProposeContractChange request, [AsParameters] ApiContext ctx)
    {
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        var project = await ProjectStore.FindAsync(session, id, ctx.Caller);
        if (ProjectProblems.ChangeRefusal(project, id) is { } refusal)
        {
            return refusal;
        }

        if (project!.SignedOn is null)
        {
            return Problems.Conflict("contractChange.notSigned", Messages.ContractChangeNotSigned);
        }

        var groundbreaking = request.PlannedGroundbreakingOn ?? project.PlannedGroundbreakingOn;
        if (request.PlannedProductionOn is { } production && groundbreaking > production)
        {
            return Problems.Invalid("plannedProductionOn", Messages.NotBeforeGroundbreaking);
        }

        if (await session.UnlessDuplicateAsync(() => ContractChangeStore.ProposeAsync(session, project, request, ctx.Caller.Id, ctx.Clock.UtcNow)) is not { } changeId)
        {
            return Problems.Conflict("contractChange.pending", Messages.ContractChangePending);
        }

        await ctx.Audit.WriteAsync(session, "proposeContractChange", "project", id, $"change {changeId}: {request.Reason}");
        var change = (await ContractChangeStore.ListAsync(session, id, changeId)).Single();
        await session.CommitAsync();
        return TypedResults.Created($"/api/projects/{id}/contract-changes", change);
    }

    public static async Task<Results<Ok<ContractChangeDto>, ProblemHttpResult>> DecideAsync(
        long id, long changeId, bool approve, ContractChangeDecision request, ApiContext ctx)
    {
        var (caller, now) = (ctx.Caller, ctx.Clock.UtcNow);
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        var project = await ProjectStore.FindAsync(session, id, caller);
        if (project is null)
        {
            return ProjectProblems.NotFound(id);
        }

        if (!caller.IsAdmin && !(caller.Is(Role.Leader) && project.LeaderId == caller.Id))
        {
            return Problems.Forbidden(Messages.ContractChangeDeciders);
        }

        var change = (await ContractChangeStore.ListAsync(session, id, changeId)).SingleOrDefault();
        if (change is null)
        {
            return Problems.NotFound(Words.Format(Messages.ContractChangeNotFound, id, changeId));
        }

        if (change.Status != ContractChangeStore.Pending)
        {
            return Problems.Conflict("contractChange.decided",
                Words.Format(change.Status == ContractChangeStore.Approved ? Messages.ContractChangeApprovedAlready : Messages.ContractChangeRefusedAlready, changeId));
        }

        if (change.ProposedBy == caller.Id)
        {
            return Problems.Conflict("contractChange.secondPersonRequired", Messages.ContractChangeSecondPerson);
        }

        if (!await ContractChangeStore.DecideAsync(session, changeId, approve, caller.Id, request.Comment?.Trim(), now)
            || (approve && !await ContractChangeStore.ApplyAsync(session, change, project.Version, now)))
        {
            return Problems.Conflict("project.changed", Words.Format(Messages.ContractChangeRace, id));
        }

        await ctx.Audit.WriteAsync(session, approve ? "approveContractChange" : "refuseContractChange", "project", id, $"change {changeId}: {request.Comment}");
        var decided = (await ContractChangeStore.ListAsync(session, id, changeId)).Single();
        await session.CommitAsync();
        return TypedResults.Ok(decided);
    }
}
