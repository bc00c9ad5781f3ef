namespace Pipeline.Api.Data;

/// <summary>
/// Checks in one round trip that every id a request refers to exists (and meets a condition, such as "active"),
/// adding a field error for each reference that does not.
/// </summary>
public sealed class ReferenceCheck
{
    private readonly List<(string Field, SqlText Sql, int Expected, string Message)> _checks = [];

    /// <summary>The check's parameters, for conditions that bring their own (a caller's scope).</summary>
    public DynamicParameters Args { get; } = new();

    /// <summary>Every id in <paramref name="ids"/> is a row of <paramref name="table"/> (alias <c>r</c>) meeting <paramref name="condition"/>.</summary>
    public ReferenceCheck Rows<T>(string field, string table, IEnumerable<T> ids, string message, SqlText? condition = null, string key = "r.id")
    {
        var distinct = ids.Distinct().ToList();
        if (distinct.Count > 0)
        {
            var name = $"p{_checks.Count}";
            Args.Add(name, distinct);
            _checks.Add((field, d => $"(SELECT COUNT(*) FROM {table} r WHERE {key} {d.InList("@" + name)} AND {condition?.Invoke(d) ?? "1 = 1"})", distinct.Count, message));
        }

        return this;
    }

    public ReferenceCheck Row<T>(string field, string table, T? id, string message, SqlText? condition = null, string key = "r.id") =>
        id is null ? this : Rows(field, table, [id], message, condition, key);

    /// <summary>As above, with a condition that reads the same on every provider.</summary>
    public ReferenceCheck Rows<T>(string field, string table, IEnumerable<T> ids, string message, string condition, string key = "r.id") =>
        Rows(field, table, ids, message, _ => condition, key);

    /// <summary>As above, with a condition that reads the same on every provider.</summary>
    public ReferenceCheck Row<T>(string field, string table, T? id, string message, string condition, string key = "r.id") =>
        Row(field, table, id, message, _ => condition, key);

    public ReferenceCheck ActiveUsers(string field, IEnumerable<long> ids, string message) =>
        Rows(field, "users", ids, message, d => $"r.is_active = {d.True}");

    public ReferenceCheck Leader(string field, long? id) =>
        Row(field, "users", id, Words.Format(Messages.NotActiveLeader, id),
            d => $"r.is_active = {d.True} AND EXISTS (SELECT 1 FROM user_roles ur WHERE ur.user_id = r.id AND ur.role = 'leader')");

    public ReferenceCheck Industry(string field, string? code) =>
        Row(field, "industries", code, Words.Format(Messages.IndustryNotFound, code), key: "r.code");

    public async Task CheckAsync(DbSession session, Checks checks)
    {
        if (_checks.Count == 0)
        {
            return;
        }

        var found = (IDictionary<string, object>)(await session.QuerySingleOrDefaultAsync<dynamic>(
            d => "SELECT " + string.Join(", ", _checks.Select((c, i) => $"{c.Sql(d)} AS c{i}")), Args))!;
        for (var i = 0; i < _checks.Count; i++)
        {
            if (Convert.ToInt64(found[$"c{i}"], System.Globalization.CultureInfo.InvariantCulture) != _checks[i].Expected)
            {
                checks.Add(_checks[i].Field, _checks[i].Message);
            }
        }
    }
}
