using Pipeline.Api.Features.Users;

namespace Pipeline.Api.Features.Units;

/// <summary>
/// The names a list shows beside ids, of units and of people, held while the data version stays the same. Every write to
/// units or users raises that version in its own transaction, on any instance (<see cref="DataVersions"/>), and the
/// version is read before the names, so a name here is never older than the version it is kept under. The project list
/// takes its units and people from here instead of three joins for each of its rows; the first list after a write of any
/// kind reads the names again, a few hundred short rows.
/// </summary>
public sealed class NamesCache
{
    private volatile NameBook? _book;

    /// <param name="versionRead">The data version this request already read (<see cref="ConditionalReads.VersionRead"/>) on
    /// the database <paramref name="session"/> reads; null: read it here.</param>
    public async Task<NameBook> CurrentAsync(DbSession session, long? versionRead = null)
    {
        var version = versionRead ?? await session.ExecuteScalarAsync<long>(DataVersions.Read);
        if (_book is { } book && book.Version == version)
        {
            return book;
        }

        var fresh = new NameBook(version, await UnitStore.NamesAsync(session), await UserStore.NamesAsync(session));
        _book = fresh;
        return fresh;
    }
}

/// <summary>Units' and people's names at one data version.</summary>
public sealed record NameBook(long Version, IReadOnlyDictionary<long, string> Units, IReadOnlyDictionary<long, string> People)
{
    public string? Unit(long? id) => id is { } unit ? Units.GetValueOrDefault(unit) : null;

    public string? Person(long? id) => id is { } person ? People.GetValueOrDefault(person) : null;
}
