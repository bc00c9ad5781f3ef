using Microsoft.AspNetCore.Authorization;
using Pipeline.Domain.Accounts;

namespace Pipeline.Api.Hosting;

/// <summary>
/// Who may call what, named once: endpoints say <c>.RequireAuthorization(Policies.ProjectWork)</c> and the roles behind
/// each name live here, so a change of who may do something is one line.
/// </summary>
public static class Policies
{
    /// <summary>Reference data, settings and user accounts.</summary>
    public const string Admin = "admin";

    /// <summary>Registering and changing projects, companies and leads, and working on alerts.</summary>
    public const string ProjectWork = "projectWork";

    /// <summary>A unit's own paperwork: trips and ledger imports.</summary>
    public const string UnitWork = "unitWork";

    /// <summary>Scoring pre-reviews.</summary>
    public const string Committee = "committee";

    /// <summary>Recording a pre-review's decision (the chair, or an admin).</summary>
    public const string ReviewDecision = "reviewDecision";

    /// <summary>Issuing instructions (督办) on alerts.</summary>
    public const string Instructing = "instructing";

    /// <summary>Reports and rankings.</summary>
    public const string Reports = "reports";

    /// <summary>Looking over the system's own work: alert scans.</summary>
    public const string Oversight = "oversight";

    /// <summary>Reading the audit trail: the audit administrator's alone (三员分立), who changes nothing.</summary>
    public const string AuditReading = "auditReading";

    /// <summary>Granting roles, unlocking accounts and the security settings: the security administrator's.</summary>
    public const string Security = "security";

    /// <summary>User accounts: the system administrator keeps them, the security administrator grants their roles.</summary>
    public const string Accounts = "accounts";

    /// <summary>The roles each policy admits.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> RolesOf = new Dictionary<string, string[]>
    {
        [Admin] = [Roles.Admin],
        [ProjectWork] = [Roles.Admin, Roles.Staff, Roles.Leader],
        [UnitWork] = [Roles.Admin, Roles.Staff],
        [Committee] = [Roles.Committee],
        [ReviewDecision] = [Roles.Committee, Roles.Admin],
        [Instructing] = [Roles.Admin, Roles.Leader],
        [Reports] = [Roles.Admin, Roles.Leader, Roles.Auditor, Roles.Staff],
        [Oversight] = [Roles.Admin, Roles.Leader, Roles.Auditor],
        [AuditReading] = [Roles.Auditor],
        [Security] = [Roles.SecurityAdmin],
        [Accounts] = [Roles.Admin, Roles.SecurityAdmin],
    };

    public static AuthorizationBuilder AddPipelinePolicies(this AuthorizationBuilder builder)
    {
        foreach (var (name, roles) in RolesOf)
        {
            builder.AddPolicy(name, policy => policy.RequireRole(roles));
        }

        return builder;
    }

    /// <summary>The roles the endpoint's innermost named policy asks for, to say in a 403 what is missing.</summary>
    public static IReadOnlyList<string> RequiredBy(Endpoint? endpoint) =>
        endpoint?.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>()
            .LastOrDefault(RolesOf.ContainsKey) is { } policy ? RolesOf[policy] : [];
}
