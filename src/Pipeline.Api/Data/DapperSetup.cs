using System.Data;
using Npgsql;
using NpgsqlTypes;

namespace Pipeline.Api.Data;

/// <summary>Dapper conventions shared by every provider.</summary>
public static class DapperSetup
{
    private static int _configured;

    public static void Configure()
    {
        if (Interlocked.Exchange(ref _configured, 1) == 1)
        {
            return;
        }

        // Columns are snake_case and properties PascalCase: signed_on fills SignedOn without an alias in every SELECT.
        DefaultTypeMap.MatchNamesWithUnderscores = true;

        // Dapper binds a parameter by its built-in type map before asking a handler: without these removals a DateTime
        // would go as DbType.DateTime (SQL Server's datetime, to a third of a millisecond, which breaks the audit chain's
        // hashes) and the handlers' SetValue would never run.
        foreach (var type in new[] { typeof(DateTime), typeof(DateTime?), typeof(DateOnly), typeof(DateOnly?) })
        {
            SqlMapper.RemoveTypeMap(type);
        }

        SqlMapper.AddTypeHandler(new UtcDateTimeHandler());
        SqlMapper.AddTypeHandler(new DateOnlyHandler());
    }

    /// <summary>
    /// Business dates: SQLite stores them as <c>yyyy-MM-dd</c> text, the one format the app writes, so they are read by that
    /// format digit by digit rather than by a general parser trying every pattern of a culture (a list page reads a hundred);
    /// SQL Server's <c>date</c> arrives as a <see cref="DateTime"/>, PostgreSQL's as a <see cref="DateTime"/> too.
    /// </summary>
    private sealed class DateOnlyHandler : SqlMapper.TypeHandler<DateOnly>
    {
        public override void SetValue(IDbDataParameter parameter, DateOnly value)
        {
            parameter.DbType = DbType.Date;
            parameter.Value = value;
        }

        public override DateOnly Parse(object value) => value switch
        {
            string text => StoredDate(text),
            DateTime dateTime => DateOnly.FromDateTime(dateTime),
            DateOnly date => date,
            _ => throw new FormatException($"A date column held {value.GetType().Name} '{value}'."),
        };
    }

    /// <summary>A business date as SQLite stores it, <c>yyyy-MM-dd</c>.</summary>
    internal static DateOnly StoredDate(string text)
    {
        if (text.Length != 10 || text[4] != '-' || text[7] != '-')
        {
            throw new FormatException($"A stored date is '{text}', not yyyy-MM-dd.");
        }

        return new DateOnly(Digits(text, 0, 4), Digits(text, 5, 2), Digits(text, 8, 2));
    }

    private static int Digits(string text, int start, int count)
    {
        var value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = text[i] - '0';
            if ((uint)digit > 9)
            {
                throw new FormatException($"A stored date is '{text}', not yyyy-MM-dd.");
            }

            value = (value * 10) + digit;
        }

        return value;
    }

    /// <summary>A stored instant, always UTC: SQLite keeps it as text, SQL Server without its kind.</summary>
    internal static DateTime StoredInstant(object value) => DateTime.SpecifyKind(
        value switch
        {
            DateTime dateTime => dateTime,
            string text => DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
            _ => Convert.ToDateTime(value, CultureInfo.InvariantCulture),
        },
        DateTimeKind.Utc);

    /// <summary>Every stored instant is UTC; SQLite and SQL Server do not remember the kind, so reads mark it.</summary>
    private sealed class UtcDateTimeHandler : SqlMapper.TypeHandler<DateTime>
    {
        public override void SetValue(IDbDataParameter parameter, DateTime value) => BindInstant(parameter, value);

        public override DateTime Parse(object value) => StoredInstant(value);
    }

    /// <summary>
    /// An instant as UTC in the provider's exact instant type, for Dapper's parameters and prepared statements alike:
    /// <c>timestamptz</c> on PostgreSQL (Npgsql writes it only from a UTC DateTime; DbType.DateTime2 would make it a timestamp
    /// without time zone), <c>datetime2</c> on SQL Server (which would infer <c>datetime</c> from a bare DateTime), text on SQLite.
    /// </summary>
    public static void BindInstant(IDbDataParameter parameter, DateTime value)
    {
        if (parameter is NpgsqlParameter npgsql)
        {
            npgsql.NpgsqlDbType = NpgsqlDbType.TimestampTz;
        }
        else
        {
            parameter.DbType = DbType.DateTime2;
        }

        parameter.Value = value.Kind switch
        {
            DateTimeKind.Local => value.ToUniversalTime(),
            DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
            _ => value,
        };
    }
}
