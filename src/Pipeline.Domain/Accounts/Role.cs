namespace Pipeline.Domain.Accounts;

/// <summary>What a user may do. A user may hold several roles.</summary>
[Flags]
public enum Role
{
    None = 0,
    Admin = 1,
    Staff = 2,
    Leader = 4,
    Committee = 8,
    Auditor = 16,
    SecurityAdmin = 32,
}

public static class Roles
{
    public const string Admin = "admin";
    public const string Staff = "staff";
    public const string Leader = "leader";
    public const string Committee = "committee";
    public const string Auditor = "auditor";
    public const string SecurityAdmin = "securityAdmin";

    public static readonly IReadOnlyList<string> All = [Admin, Staff, Leader, Committee, Auditor, SecurityAdmin];

    public static Role Parse(string name) => name switch
    {
        Admin => Role.Admin,
        Staff => Role.Staff,
        Leader => Role.Leader,
        Committee => Role.Committee,
        Auditor => Role.Auditor,
        SecurityAdmin => Role.SecurityAdmin,
        _ => Role.None,
    };

    public static Role Parse(IEnumerable<string> names) => names.Aggregate(Role.None, (set, name) => set | Parse(name));

    public static IReadOnlyList<string> Names(Role roles) => All.Where(name => roles.HasFlag(Parse(name))).ToList();

    /// <summary>The role as people call it, in the current language (系统管理员, 招商人员 …).</summary>
    public static string DisplayName(string role) => role switch
    {
        Admin => Messages.RoleAdmin,
        Staff => Messages.RoleStaff,
        Leader => Messages.RoleLeader,
        Committee => Messages.RoleCommittee,
        Auditor => Messages.RoleAuditor,
        SecurityAdmin => Messages.RoleSecurityAdmin,
        _ => role,
    };

    /// <summary>
    /// 三员分立 (GB/T 22239-2019 §8.1.4.2): the audit administrator watches the other two, so nobody holds auditor together with
    /// admin or securityAdmin. Null when the set is allowed, otherwise why not.
    /// </summary>
    public static string? SeparationProblem(IEnumerable<string> names)
    {
        var roles = Parse(names);
        return roles.HasFlag(Role.Auditor) && (roles & (Role.Admin | Role.SecurityAdmin)) != 0 ? Texts.Messages.AuditorSeparate : null;
    }
}
