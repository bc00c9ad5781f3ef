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
}

public static class Roles
{
    public const string Admin = "admin";
    public const string Staff = "staff";
    public const string Leader = "leader";
    public const string Committee = "committee";
    public const string Auditor = "auditor";

    public static readonly IReadOnlyList<string> All = [Admin, Staff, Leader, Committee, Auditor];

    public static Role Parse(string name) => name switch
    {
        Admin => Role.Admin,
        Staff => Role.Staff,
        Leader => Role.Leader,
        Committee => Role.Committee,
        Auditor => Role.Auditor,
        _ => Role.None,
    };

    public static Role Parse(IEnumerable<string> names) => names.Aggregate(Role.None, (set, name) => set | Parse(name));

    public static IReadOnlyList<string> Names(Role roles) => All.Where(name => roles.HasFlag(Parse(name))).ToList();

    /// <summary>The role as people call it, in the current language (系统管理员, 招商人员 …).</summary>
    public static string DisplayName(string role) => role switch
    {
        Admin => Texts.Messages.RoleAdmin,
        Staff => Texts.Messages.RoleStaff,
        Leader => Texts.Messages.RoleLeader,
        Committee => Texts.Messages.RoleCommittee,
        Auditor => Texts.Messages.RoleAuditor,
        _ => role,
    };
}
