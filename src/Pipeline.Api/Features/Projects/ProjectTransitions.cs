using Pipeline.Api.Features.Land;
using Pipeline.Api.Features.Reviews;
using Pipeline.Domain.Accounts;
using Pipeline.Domain.Projects;
using Pipeline.Domain.Reviews;

namespace Pipeline.Api.Features.Projects;

/// <summary>Stage transitions with their stage data, judged by the lifecycle rules and made by <see cref="ProjectMoves"/>.</summary>
public static class ProjectTransitions
{
    public static async Task<Results<Ok<ProjectDto>, ProblemHttpResult>> Transition(
        long id, TransitionRequest request, IfMatch ifMatch, [AsParameters] ApiContext ctx, ProjectMoves moves,
        IOptions<ReviewOptions> reviewOptions, HttpResponse response)
    {
        var caller = ctx.Caller;
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        var current = await ProjectStore.FindAsync(session, id, caller);
        if (ProjectProblems.ChangeRefusal(current, id) is { } refusal)
        {
            return refusal;
        }

        var target = request.To!.Value;
        if (target == TransitionTarget.Reopen && !caller.Is(Role.Leader | Role.Admin))
        {
            return Problems.Forbidden(Messages.ReopenLeaderOnly);
        }

        if (!ifMatch.Matches(current!.Version))
        {
            return Problems.PreconditionFailed(current.Version);
        }

        var today = ctx.Clock.Today;
        var on = request.On ?? today;
        var review = target is TransitionTarget.Signed or TransitionTarget.LandSupply ? await ReviewStore.LatestAsync(session, id) : null;
        // A project migrated with its ledger's 过会日期 has no review on file; that date stands for the committee's decision.
        var passed = review is { Outcome: ReviewOutcome.Passed } || (review is null && current.ReviewPassedOn is not null);
        var state = new ProjectState(
            current.Stage, current.LandMode, current.StageEnteredOn, current.DroppedFrom,
            HasResponsibleUnit: true, HasResponsiblePerson: current.ResponsiblePersonId is not null, HasPassedReview: passed);
        var verdict = Lifecycle.Check(state, target, on, today, reviewOptions.Value.RequiredForSigning);
        if (!verdict.Allowed)
        {
            return Problems.Conflict(verdict.RefusalCode!, verdict.Reason!,
                new Dictionary<string, object?> { ["stage"] = current.Stage.Code(), ["allowed"] = Lifecycle.NextStages(current.Stage, current.LandMode).Select(s => s.Code()) });
        }

        if (target == TransitionTarget.Signed && passed && (review?.DecidedOn ?? current.ReviewPassedOn) is { } decided && on < decided)
        {
            return Problems.Conflict("transition.beforeReviewDecision", review is null ? Words.Format(Messages.SigningBeforeMigratedPass, decided, on) : Words.Format(Messages.SigningBeforeReviewDecision, decided, review.Id, on),
                new Dictionary<string, object?> { ["decidedOn"] = decided, ["reviewId"] = review?.Id });
        }

        if (target == TransitionTarget.LandSupply && review is { Outcome: ReviewOutcome.Passed } && request.AreaMu > Quantities.FromStored(review.LandAreaMu))
        {
            var approved = Quantities.FromStored(review.LandAreaMu);
            return Problems.Conflict("landSupply.exceedsApproved", Words.Format(Messages.LandExceedsApproved, approved, review.Id, request.AreaMu),
                new Dictionary<string, object?> { ["approvedMu"] = approved, ["reviewId"] = review.Id });
        }

        if (target == TransitionTarget.LandSupply && request.ParcelId is { } parcelId
            && ParcelProblem(await LandStore.FitAsync(session, parcelId, id, request.AreaMu!.Value), parcelId, request.AreaMu!.Value) is { } parcelProblem)
        {
            return parcelProblem;
        }

        var change = StageChange.Of(current, verdict.To!.Value, on, caller.Id, target == TransitionTarget.Reopen ? Prefix("Reopened", request.Note) : request.Note) with
        {
            ContractAmount = request.ContractAmount,
            PlannedGroundbreakingOn = request.PlannedGroundbreakingOn,
            PlannedProductionOn = request.PlannedProductionOn,
            ContractAreaMu = request.ContractAreaMu,
            AreaMu = request.AreaMu,
            ParcelId = request.ParcelId,
            LandContractNo = request.LandContractNo,
            ReasonCode = request.ReasonCode,
        };
        if (!await moves.ApplyAsync(session, change, ctx.Clock.UtcNow))
        {
            return Problems.PreconditionFailed(current.Version + 1);
        }

        var project = ProjectStore.ToDto((await ProjectStore.FindAsync(session, id, caller))!);
        return await Responses.CommitOkAsync(session, response, project);
    }

    private static ProblemHttpResult? ParcelProblem((ParcelFit Fit, ParcelDto? Parcel) fit, long parcelId, decimal areaMu) => fit switch
    {
        (ParcelFit.Missing, _) => Problems.Invalid("parcelId", Words.Format(Messages.ParcelNotFound, parcelId)),
        (ParcelFit.SuppliedToAnother, { } parcel) => Problems.Conflict("parcel.unavailable", Words.Format(Messages.ParcelSupplied, parcel.Code, parcel.ProjectId)),
        (ParcelFit.TooSmall, { } parcel) => Problems.Invalid("areaMu", Words.Format(Messages.ParcelTooSmall, parcel.Code, parcel.AreaMu, areaMu)),
        _ => null,
    };

    private static string Prefix(string prefix, string? note) => string.IsNullOrWhiteSpace(note) ? prefix : $"{prefix}: {note}";
}
