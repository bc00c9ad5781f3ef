namespace Pipeline.Api.Data;

/// <summary>Builds the WHERE clause of a list query from the filters that were given, with their parameters.</summary>
public sealed class SqlFilter
{
    private readonly List<string> _conditions = [];

    public DynamicParameters Args { get; } = new();

    public string Where => _conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", _conditions);

    /// <summary>Adds a condition that needs no parameter of its own (or whose parameters were added already).</summary>
    public SqlFilter Add(string condition)
    {
        _conditions.Add(condition);
        return this;
    }

    /// <summary>Adds <paramref name="condition"/> with parameter <paramref name="name"/> when the value was given.</summary>
    public SqlFilter When<T>(T? value, string condition, string name)
    {
        if (value is null || (value is string s && string.IsNullOrWhiteSpace(s)))
        {
            return this;
        }

        Args.Add(name, value);
        _conditions.Add(condition);
        return this;
    }
}
