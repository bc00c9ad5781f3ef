using Pipeline.Api.Features.Companies;
using Pipeline.Api.Features.Projects;
using Pipeline.Domain.Leads;

namespace Pipeline.Api.Features.Leads;

/// <summary>
/// A verified lead becomes a project, once: the lead's investor becomes a company record when it was known only by name
/// (or is matched to the one with its credit code), the project is registered in talks, and the lead is marked converted.
/// </summary>
public static class LeadConversion
{
    public static async Task<long> ConvertAsync(
        DbSession session, LeadRow lead, CreateProject project, Caller caller, AuditLog audit, DateOnly today, DateTime now)
    {
        var companyId = project.CompanyId ?? lead.CompanyId;
        if (companyId is null)
        {
            companyId = lead.CreditCode is { } code ? await CompanyStore.FindIdByCreditCodeAsync(session, code) : null;
            companyId ??= await CompanyStore.InsertAsync(session, lead.CompanyName, lead.CreditCode, null, lead.IndustryCode, caller.Id, now);
            await LeadStore.SetCompanyAsync(session, lead.Id, companyId.Value);
        }

        var projectId = await ProjectStore.CreateAsync(session, project with { CompanyId = companyId, SourceLeadId = lead.Id },
            project.TalksStartedOn ?? today, caller.Id, now);
        await LeadStore.MoveAsync(session, lead.Id, LeadStatus.Verified, LeadStatus.Converted, null, projectId, caller.Id, today, now);
        await audit.WriteAsync(session, "create", "project", projectId, $"{project.Name} (from lead {lead.Id})");
        await audit.WriteAsync(session, "convert", "lead", lead.Id, $"project {projectId}");
        return projectId;
    }
}
