using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Pipeline.Api.Data;
using Pipeline.Api.Features.Audit;
using Pipeline.Api.Features.Reviews;
using Pipeline.Api.Hosting;
using Pipeline.Domain;
using Pipeline.Domain.Accounts;
using Pipeline.Domain.Projects;
using Pipeline.Domain.Reviews;

namespace Pipeline.Api.Features.Projects;

/// <summary>Stage transitions (with their stage data) and the history they leave.</summary>
public static class ProjectLifecycle
{
    public static async Task<Results<Ok<ProjectDto>, ProblemHttpResult>> Transition(
        long id, TransitionRequest request, Caller caller, Db db, AuditLog audit, BusinessClock clock,
        IOptions<ReviewOptions> reviewOptions, HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        var (expected, etagProblem) = ETags.Expected(http);
        if (etagProblem is not null)
        {
            return etagProblem;
        }

        var checks = CheckStageData(request);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        await using var session = await db.BeginAsync(ct);
        var (current, problem) = await ProjectStore.FindForChangeAsync(session, id, caller);
        if (current is null)
        {
            return problem!;
        }

        var target = request.To!.Value;
        if (target == TransitionTarget.Reopen && !caller.Is(Role.Leader | Role.Admin))
        {
            return Problems.Forbidden("Only a leader or an admin may reopen a dropped project.");
        }

        if (current.Version != expected)
        {
            return Problems.PreconditionFailed(current.Version);
        }

        var on = request.On ?? clock.Today;
        var review = target is TransitionTarget.Signed or TransitionTarget.LandSupply ? await ReviewStore.LatestAsync(session, id) : null;
        var passed = review is { Outcome: ReviewOutcome.Passed };
        var state = new ProjectState(
            current.Stage, current.LandMode, current.StageEnteredOn, current.DroppedFrom,
            HasResponsibleUnit: true, HasResponsiblePerson: current.ResponsiblePersonId is not null, HasPassedReview: passed);
        var verdict = Lifecycle.Check(state, target, on, clock.Today, reviewOptions.Value.RequiredForSigning);
        if (!verdict.Allowed)
        {
            return Problems.Conflict(verdict.RefusalCode!, verdict.Reason!,
                new Dictionary<string, object?> { ["stage"] = current.Stage.Code(), ["allowed"] = Lifecycle.NextStages(current.Stage, current.LandMode).Select(s => s.Code()) });
        }

        if (target == TransitionTarget.LandSupply && passed && request.AreaMu > Quantities.FromStored(review!.LandAreaMu))
        {
            var approved = Quantities.FromStored(review.LandAreaMu);
            return Problems.Conflict("landSupply.exceedsApproved",
                $"The pre-review approved {approved:0.####} 亩 (review {review.Id}); {request.AreaMu:0.####} 亩 is more than that.",
                new Dictionary<string, object?> { ["approvedMu"] = approved, ["reviewId"] = review.Id });
        }

        if (target == TransitionTarget.LandSupply && request.ParcelId is { } parcelId
            && await Land.LandEndpoints.ParcelProblemAsync(session, parcelId, id, request.AreaMu!.Value) is { } parcelProblem)
        {
            return parcelProblem;
        }

        var to = verdict.To!.Value;
        var now = clock.UtcNow;
        var move = new StageMove(
            to, on, to == Stage.Dropped ? current.Stage : null, request.ContractAmount, request.PlannedGroundbreakingOn,
            request.PlannedProductionOn, request.AreaMu, request.ParcelId);
        if (await ProjectStore.MoveAsync(session, id, expected, move, now) == 0)
        {
            return Problems.PreconditionFailed(current.Version + 1);
        }

        var note = target == TransitionTarget.Reopen ? Prefix("Reopened", request.Note) : request.Note;
        await ProjectStore.AddHistoryAsync(session, new HistoryRecord(
            id, current.Stage, to, on, caller.Id, note, request.ContractAmount, request.AreaMu, request.LandContractNo, request.ReasonCode, request.ParcelId), now);
        if (to == Stage.LandSupply && request.ParcelId is { } supplied)
        {
            await Land.LandEndpoints.SupplyParcelAsync(session, supplied, id, now);
        }
        if (to == Stage.Signed && current.SignedOn is null)
        {
            await ProjectRecords.InsertAgreementAsync(session, id, AgreementType.Formal, on, request.ContractAmount, "正式合同 (signing)", caller.Id, now);
        }

        await audit.WriteAsync(session, "transition", "project", id, $"{current.Stage.Code()} → {to.Code()} on {on:yyyy-MM-dd}");
        var project = ProjectStore.ToDto((await ProjectStore.FindAsync(session, id, caller))!);
        await session.CommitAsync();
        ETags.Set(response, project.Version);
        return TypedResults.Ok(project);
    }

    public static async Task<Results<Ok<IReadOnlyList<HistoryEntry>>, ProblemHttpResult>> History(
        long id, Caller caller, Db db, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        if (await ProjectStore.FindAsync(session, id, caller) is null)
        {
            return ProjectEndpoints.NotFound(id);
        }

        return TypedResults.Ok(await ProjectStore.HistoryAsync(session, id));
    }

    /// <summary>Each target takes its own stage data, and only that, so a misplaced field is pointed out rather than dropped.</summary>
    private static Checks CheckStageData(TransitionRequest request)
    {
        var checks = new Checks().Required("to", request.To).Text("note", request.Note, 2000);
        var to = request.To;
        checks.When(to != TransitionTarget.Signed && request.ContractAmount is not null, "contractAmount", "Only when moving to 'signed'.")
            .When(to != TransitionTarget.Signed && request.PlannedGroundbreakingOn is not null, "plannedGroundbreakingOn", "Only when moving to 'signed'.")
            .When(to != TransitionTarget.Signed && request.PlannedProductionOn is not null, "plannedProductionOn", "Only when moving to 'signed'.")
            .When(to != TransitionTarget.LandSupply && request.AreaMu is not null, "areaMu", "Only when moving to 'landSupply'.")
            .When(to != TransitionTarget.LandSupply && request.LandContractNo is not null, "landContractNo", "Only when moving to 'landSupply'.")
            .When(to != TransitionTarget.LandSupply && request.ParcelId is not null, "parcelId", "Only when moving to 'landSupply'.")
            .When(to != TransitionTarget.Dropped && request.ReasonCode is not null, "reasonCode", "Only when moving to 'dropped'.");
        switch (to)
        {
            case TransitionTarget.Signed:
                checks.Quantity("contractAmount", request.ContractAmount, required: true)
                    .When(request.PlannedGroundbreakingOn < request.On, "plannedGroundbreakingOn", "Must not be before the signing date.")
                    .When(request.PlannedProductionOn < (request.PlannedGroundbreakingOn ?? request.On), "plannedProductionOn",
                        "Must not be before the planned groundbreaking (or signing) date.");
                break;
            case TransitionTarget.LandSupply:
                checks.Quantity("areaMu", request.AreaMu, required: true).Text("landContractNo", request.LandContractNo, 100);
                break;
            case TransitionTarget.Dropped:
                checks.Required("reasonCode", request.ReasonCode).Required("note", request.Note)
                    .When(request.ReasonCode is { } code && !DropReasons.IsKnown(code), "reasonCode",
                        $"Use one of: {string.Join(", ", DropReasons.All.Keys)}.");
                break;
        }

        return checks;
    }

    private static string Prefix(string prefix, string? note) => string.IsNullOrWhiteSpace(note) ? prefix : $"{prefix}: {note}";
}
