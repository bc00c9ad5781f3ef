namespace Pipeline.Api.Features.Imports;

/// <summary>
/// The reference data every ledger names by its words, loaded once per import: units (and which the caller may write
/// to: their own and those below it, every one for an admin) and industries (by code or name).
/// </summary>
public sealed class LedgerReferences
{
    private readonly Dictionary<string, long> _units;
    private readonly HashSet<long> _writable;
    private readonly Dictionary<string, string> _industries;

    private LedgerReferences(IEnumerable<(long Id, string Name)> units, IEnumerable<long> writable, IEnumerable<(string Code, string Name)> industries)
    {
        _units = units.ToDictionary(u => u.Name, u => u.Id);
        _writable = writable.ToHashSet();
        _industries = industries.SelectMany(i => new[] { (Key: i.Code.ToUpperInvariant(), i.Code), (Key: i.Name, i.Code) })
            .DistinctBy(i => i.Key).ToDictionary(i => i.Key, i => i.Code);
    }

    public static async Task<LedgerReferences> LoadAsync(DbSession session, Caller caller)
    {
        using var grid = await session.QueryMultipleAsync(d => $"""
            SELECT id, name FROM units;
            SELECT u.id FROM units u WHERE @All = {d.True} OR u.id IN (SELECT t.descendant_id FROM unit_tree t WHERE t.ancestor_id = @Unit);
            SELECT code, name FROM industries;
            """, new { Unit = caller.UnitId ?? -1, All = caller.IsAdmin });
        return new LedgerReferences(await grid.ReadAsync<(long, string)>(), await grid.ReadAsync<long>(), await grid.ReadAsync<(string, string)>());
    }

    /// <summary>The unit named in <paramref name="column"/> when the caller may write to it; otherwise a problem and null.</summary>
    public long? WritableUnit(LedgerCells cells, string column)
    {
        if (cells.Text(column, required: true) is not { } name)
        {
            return null;
        }

        long? id = _units.TryGetValue(name, out var found) ? found : null;
        cells.When(id is null, column, Words.Format(Messages.ImportUnitUnknown, name))
            .When(id is { } u && !_writable.Contains(u), column, Words.Format(Messages.ImportUnitOutOfScope, name));
        return id is { } unit && _writable.Contains(unit) ? unit : null;
    }

    /// <summary>The industry's code from its code (any case) or its Chinese name.</summary>
    public string? Industry(LedgerCells cells, string column, bool required)
    {
        if (cells.Text(column, required) is not { } text)
        {
            return null;
        }

        var code = _industries.GetValueOrDefault(text.ToUpperInvariant()) ?? _industries.GetValueOrDefault(text);
        cells.When(code is null, column, Words.Format(Messages.ImportIndustryUnknown, text));
        return code;
    }
}
