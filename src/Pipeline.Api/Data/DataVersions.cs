namespace Pipeline.Api.Data;

/// <summary>
/// The data version (<c>data_versions</c>, migration 0014): raised by triggers on every table a list or report reads, in
/// the writing transaction, so a version read before a query is never newer than the data the query then sees.
/// </summary>
public static class DataVersions
{
    public const string Read = "SELECT version FROM data_versions WHERE name = 'data'";

    /// <summary>The tables whose writes leave the version alone, and why (every other table of the app raises it).</summary>
    public static readonly IReadOnlyDictionary<string, string> Unversioned = new Dictionary<string, string>
    {
        ["audit_log"] = "written by every change and sign-in, read only by the audit list, which never answers 304",
        ["alert_candidates"] = "the scan's scratch table, read by nothing else",
        ["project_counts"] = "tallies kept by the projects' own triggers, so they change only with projects",
        ["data_versions"] = "the version itself",
        ["data_version_writes"] = "PostgreSQL's marks of transactions that wrote, until they commit",
        ["sessions"] = "read by the session check of every request, never by a response that answers 304",
        ["sign_in_locks"] = "read only by sign-in",
        ["password_history"] = "read only by a password change",
        ["security_settings"] = "read by sign-in, a password change, /api/me, the session check and its own GET, none of which answers 304",
    };
}
