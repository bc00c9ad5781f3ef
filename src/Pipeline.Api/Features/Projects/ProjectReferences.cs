using Dapper;
using Pipeline.Api.Data;
using Pipeline.Api.Hosting;
using Pipeline.Domain.Accounts;

namespace Pipeline.Api.Features.Projects;

/// <summary>Checks in one query that everything a project refers to exists, and that staff assign it within their own units.</summary>
public static class ProjectReferences
{
    /// <summary>Adds a field error per missing reference; returns whether the caller may place the project in its unit.</summary>
    public static async Task<bool> CheckAsync(DbSession session, CreateProject project, Caller caller, Checks checks)
    {
        var team = (project.TeamMemberIds ?? []).Distinct().ToList();
        var args = new DynamicParameters(new
        {
            project.CompanyId,
            project.IndustryCode,
            UnitId = project.ResponsibleUnitId,
            PersonId = project.ResponsiblePersonId,
            project.LeaderId,
            TeamIds = team,
            ScopeUnitId = caller.UnitId,
        });
        var found = await session.QuerySingleOrDefaultAsync<Found>("""
            SELECT
                (SELECT COUNT(*) FROM companies WHERE id = @CompanyId) AS Company,
                (SELECT COUNT(*) FROM industries WHERE code = @IndustryCode) AS Industry,
                (SELECT COUNT(*) FROM units WHERE id = @UnitId) AS Unit,
                (SELECT COUNT(*) FROM users WHERE id = @PersonId AND is_active = 1) AS Person,
                (SELECT COUNT(*) FROM users l JOIN user_roles r ON r.user_id = l.id
                  WHERE l.id = @LeaderId AND r.role = 'leader' AND l.is_active = 1) AS Leader,
                (SELECT COUNT(*) FROM users WHERE id IN @TeamIds AND is_active = 1) AS Team,
                (SELECT COUNT(*) FROM unit_tree WHERE ancestor_id = @ScopeUnitId AND descendant_id = @UnitId) AS UnitInScope
            """, args);
        checks.When(project.CompanyId is { } c && found!.Company == 0, "companyId", $"There is no company {project.CompanyId}.")
            .When(project.IndustryCode is not null && found!.Industry == 0, "industryCode", $"There is no industry with code '{project.IndustryCode}'.")
            .When(project.ResponsibleUnitId is not null && found!.Unit == 0, "responsibleUnitId", $"There is no unit {project.ResponsibleUnitId}.")
            .When(project.ResponsiblePersonId is not null && found!.Person == 0, "responsiblePersonId", $"There is no active user {project.ResponsiblePersonId}.")
            .When(project.LeaderId is not null && found!.Leader == 0, "leaderId", $"User {project.LeaderId} is not an active leader (包保领导).")
            .When(found!.Team != team.Count, "teamMemberIds", "Every team member must be an active user.");
        return caller.Is(Role.Admin | Role.Leader) || found.UnitInScope > 0;
    }

    private sealed class Found
    {
        public long Company { get; init; }

        public long Industry { get; init; }

        public long Unit { get; init; }

        public long Person { get; init; }

        public long Leader { get; init; }

        public long Team { get; init; }

        public long UnitInScope { get; init; }
    }
}
