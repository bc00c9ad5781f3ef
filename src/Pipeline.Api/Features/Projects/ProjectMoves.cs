using Pipeline.Api.Features.Land;
using Pipeline.Api.Features.Reviews;
using Pipeline.Domain.Projects;

namespace Pipeline.Api.Features.Projects;

/// <summary>
/// The one way a project changes stage, for transitions, reviews and the demo alike: the move is made only if the
/// project is still at the version it was judged on (else nothing is written and the caller answers 412), and then
/// its history row, the formal contract of a first signing, the withdrawal of the open review of a dropped project, the
/// parcel supplied and the audit entry follow in the same
/// transaction — so a history row never records a move that did not happen.
/// </summary>
public sealed class ProjectMoves(AuditLog audit)
{
    public async Task<bool> ApplyAsync(DbSession session, StageChange change, DateTime now)
    {
        if (!await ProjectStore.MoveAsync(session, change, now))
        {
            return false;
        }

        await ProjectStore.AddHistoryAsync(session, change.History, now);
        if (change.To == Stage.Signed && change.FirstSigning)
        {
            await ProjectStore.AddAgreementAsync(session,
                new NewAgreement(change.ProjectId, AgreementType.Formal, change.On, change.ContractAmount, change.AgreementNote, change.ByUserId, now));
        }

        if (change.To == Stage.Dropped)
        {
            await ReviewStore.WithdrawOpenAsync(session, change.ProjectId, now);
        }

        if (change.To == Stage.LandSupply && change.ParcelId is { } parcel)
        {
            await LandStore.SupplyParcelAsync(session, parcel, change.ProjectId, now);
        }

        await audit.WriteAsync(session, "transition", "project", change.ProjectId, $"{change.From.Code()} → {change.To.Code()} on {change.On:yyyy-MM-dd}");
        return true;
    }
}
