using Dapper;
using Pipeline.Api.Hosting;
using Pipeline.Domain.Accounts;

namespace Pipeline.Api.Features.Projects;

/// <summary>
/// Which projects a caller may see and change, as SQL conditions on the alias <c>p</c>, so that the check happens in
/// the query itself. Staff: their unit and its sub-units. Leaders and auditors read all; a leader changes the projects
/// they are responsible for. Committee members read projects under review. Admins: everything.
/// </summary>
public static class ProjectScope
{
    private const string OwnUnits = "p.responsible_unit_id IN (SELECT t.descendant_id FROM unit_tree t WHERE t.ancestor_id = @ScopeUnitId)";

    /// <summary>The read condition, or null when the caller reads every project.</summary>
    public static string? Read(Caller caller, DynamicParameters args)
    {
        if (caller.Is(Role.Admin | Role.Leader | Role.Auditor))
        {
            return null;
        }

        var conditions = new List<string>();
        if (caller.Is(Role.Staff) && caller.UnitId is { } unit)
        {
            args.Add("ScopeUnitId", unit);
            conditions.Add(OwnUnits);
        }

        if (caller.Is(Role.Committee))
        {
            conditions.Add("p.stage = 'preReview'");
        }

        return Any(conditions);
    }

    /// <summary>The write condition ("1 = 1" for admins).</summary>
    public static string Write(Caller caller, DynamicParameters args)
    {
        if (caller.IsAdmin)
        {
            return "1 = 1";
        }

        var conditions = new List<string>();
        if (caller.Is(Role.Staff) && caller.UnitId is { } unit)
        {
            args.Add("ScopeUnitId", unit);
            conditions.Add(OwnUnits);
        }

        if (caller.Is(Role.Leader))
        {
            args.Add("ScopeUserId", caller.Id);
            conditions.Add("p.leader_id = @ScopeUserId");
        }

        return Any(conditions);
    }

    private static string Any(List<string> conditions) =>
        conditions.Count == 0 ? "1 = 0" : "(" + string.Join(" OR ", conditions) + ")";
}
