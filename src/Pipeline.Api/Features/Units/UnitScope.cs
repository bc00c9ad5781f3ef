using Pipeline.Domain.Accounts;

namespace Pipeline.Api.Features.Units;

/// <summary>
/// What a caller may see and change of records that belong to a unit (trips, leads, projects), as SQL conditions
/// on the record's unit column: staff work within their unit and its sub-units; leaders and auditors read all;
/// admins do everything.
/// </summary>
public static class UnitScope
{
    /// <summary>The unit column is the staff member's unit or one below it (adds <c>@ScopeUnitId</c>).</summary>
    public static string? StaffUnits(Caller caller, DynamicParameters args, string unitColumn)
    {
        if (!caller.Is(Role.Staff) || caller.UnitId is not { } unit)
        {
            return null;
        }

        args.Add("ScopeUnitId", unit);
        return $"{unitColumn} IN (SELECT ut.descendant_id FROM unit_tree ut WHERE ut.ancestor_id = @ScopeUnitId)";
    }

    /// <summary>The read condition, or null when the caller reads everything.</summary>
    public static string? Read(Caller caller, DynamicParameters args, string unitColumn) =>
        caller.Is(Role.Admin | Role.Leader | Role.Auditor) ? null : StaffUnits(caller, args, unitColumn) ?? "1 = 0";

    /// <summary>The write condition for staff work ("1 = 1" for admins).</summary>
    public static string Write(Caller caller, DynamicParameters args, string unitColumn) =>
        caller.IsAdmin ? "1 = 1" : StaffUnits(caller, args, unitColumn) ?? "1 = 0";

    /// <summary>"a AND b" where either side may be absent.</summary>
    public static string And(string condition, string? scope) => scope is null ? condition : $"{condition} AND {scope}";
}
