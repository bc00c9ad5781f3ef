namespace Pipeline.Domain.Alerts;

/// <summary>How the caller stands to an alert: the people an alert is about and above it.</summary>
public sealed record AlertStanding(bool IsResponsible, bool IsLeader, bool IsUnitHead, bool IsAdmin);

/// <summary>What the caller may do with an alert; the API and the workspace both read it.</summary>
public sealed record AlertPermissions(bool Acknowledge, bool Comment, bool Snooze, bool Resolve, bool Instruct, bool Answer);

/// <summary>
/// Who may act on an alert ("一个项目、一名领导、一套班子、一抓到底"): the responsible person acknowledges, comments and
/// answers instructions; only the project's leader (包保领导), the head of its unit or an admin snoozes or resolves it,
/// so the person an alert is about cannot make it go away; the leader (or an admin) issues instructions (督办).
/// Everyone else who may see it only reads.
/// </summary>
public static class AlertRights
{
    public static AlertPermissions For(AlertStanding s)
    {
        var above = s.IsLeader || s.IsUnitHead || s.IsAdmin;
        return new AlertPermissions(
            Acknowledge: s.IsResponsible || above,
            Comment: s.IsResponsible || above,
            Snooze: above,
            Resolve: above,
            Instruct: s.IsLeader || s.IsAdmin,
            Answer: s.IsResponsible || s.IsAdmin);
    }

}
