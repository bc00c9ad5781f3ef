using Pipeline.Api.Features.Units;
using Pipeline.Domain.Accounts;

namespace Pipeline.Api.Features.Projects;

/// <summary>
/// Which projects a caller may see and change, as SQL conditions on the alias <c>p</c>, so that the check happens in
/// the query itself. On top of <see cref="UnitScope"/>: a leader changes the projects they are responsible for,
/// and committee members read projects under review.
/// </summary>
public static class ProjectScope
{
    /// <summary>The read condition, or null when the caller reads every project; the columns default to the project's own.</summary>
    public static string? Read(Caller caller, DynamicParameters args, string unitColumn = "p.responsible_unit_id", string stageColumn = "p.stage")
    {
        if (caller.Is(Role.Admin | Role.Leader | Role.Auditor))
        {
            return null;
        }

        return Any(UnitScope.StaffUnits(caller, args, unitColumn), caller.Is(Role.Committee) ? $"{stageColumn} = 'preReview'" : null);
    }

    /// <summary>The write condition ("1 = 1" for admins).</summary>
    public static string Write(Caller caller, DynamicParameters args)
    {
        if (caller.IsAdmin)
        {
            return "1 = 1";
        }

        string? own = null;
        if (caller.Is(Role.Leader))
        {
            args.Add("ScopeUserId", caller.Id);
            own = "p.leader_id = @ScopeUserId";
        }

        return Any(UnitScope.StaffUnits(caller, args, "p.responsible_unit_id"), own);
    }

    private static string Any(params string?[] conditions)
    {
        var given = conditions.OfType<string>().ToList();
        return given.Count == 0 ? "1 = 0" : "(" + string.Join(" OR ", given) + ")";
    }
}
