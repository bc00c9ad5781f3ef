using Pipeline.Api.Features.Units;
using Pipeline.Domain.Accounts;

namespace Pipeline.Api.Features.Projects;

/// <summary>Checks that everything a project refers to exists, and that staff assign it within their own units.</summary>
public static class ProjectReferences
{
    /// <summary>Adds a field error per missing reference; returns whether the caller may place the project in its unit.</summary>
    public static async Task<bool> CheckAsync(DbSession session, CreateProject project, Caller caller, Checks checks)
    {
        await new ReferenceCheck()
            .Row("companyId", "companies", project.CompanyId, Words.Format(Messages.CompanyNotFound, project.CompanyId))
            .Industry("industryCode", project.IndustryCode)
            .Row("responsibleUnitId", "units", project.ResponsibleUnitId, Words.Format(Messages.UnitNotFound, project.ResponsibleUnitId))
            .ActiveUsers("responsiblePersonId", project.ResponsiblePersonId is { } person ? [person] : [], Words.Format(Messages.ActiveUserNotFound, project.ResponsiblePersonId))
            .Leader("leaderId", project.LeaderId)
            .ActiveUsers("teamMemberIds", project.TeamMemberIds ?? [], Messages.TeamMembersActive)
            .CheckAsync(session, checks);
        return caller.Is(Role.Admin | Role.Leader)
            || (caller.UnitId is { } own && project.ResponsibleUnitId is { } unit && await UnitStore.IsWithinAsync(session, unit, own));
    }
}
