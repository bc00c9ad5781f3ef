using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Pipeline.Api.Data;

/// <summary>
/// One column of the current row by its position and type, for the rows every page reads (one project, a list's page).
/// Dapper reads each value boxed and, on every query, asks every column its name and type to check its cached mapper:
/// for one project's 41 columns that cost more than SQLite spent on the statement. Values are read as
/// <see cref="DapperSetup"/> reads them on each provider: SQLite's dates and instants are text, the others' are typed.
/// </summary>
public static class Cells
{
    public static long? Int64OrNull(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static string? TextOrNull(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>A 0/1 or BOOLEAN column.</summary>
    public static bool Flag(this DbDataReader reader, int ordinal) => reader.GetBoolean(ordinal);

    public static DateOnly Date(this DbDataReader reader, int ordinal) => reader is SqliteDataReader
        ? DapperSetup.StoredDate(reader.GetString(ordinal))
        : DateOnly.FromDateTime(reader.GetDateTime(ordinal));

    public static DateOnly? DateOrNull(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.Date(ordinal);

    public static DateTime Instant(this DbDataReader reader, int ordinal) => reader is SqliteDataReader
        ? DapperSetup.StoredInstant(reader.GetString(ordinal))
        : DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);

    /// <summary>An enum stored as its code, read as Dapper reads one (ignoring case).</summary>
    public static T Code<T>(this DbDataReader reader, int ordinal)
        where T : struct, Enum => Enum.Parse<T>(reader.GetString(ordinal), ignoreCase: true);

    public static T? CodeOrNull<T>(this DbDataReader reader, int ordinal)
        where T : struct, Enum => reader.IsDBNull(ordinal) ? null : reader.Code<T>(ordinal);
}
