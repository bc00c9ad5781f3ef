using System.Data;
using System.Globalization;
using Dapper;
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
        SqlMapper.AddTypeHandler(new UtcDateTimeHandler());
    }

    /// <summary>
    /// Every stored instant is UTC; SQLite and SQL Server do not remember the kind, so reads mark it. PostgreSQL keeps instants
    /// as timestamptz, which Npgsql writes only from a UTC DateTime (DbType.DateTime2 would make it a timestamp without time zone).
    /// </summary>
    private sealed class UtcDateTimeHandler : SqlMapper.TypeHandler<DateTime>
    {
        public override void SetValue(IDbDataParameter parameter, DateTime value)
        {
            var utc = value.Kind switch
            {
                DateTimeKind.Local => value.ToUniversalTime(),
                DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
                _ => value,
            };
            if (parameter is NpgsqlParameter npgsql)
            {
                npgsql.NpgsqlDbType = NpgsqlDbType.TimestampTz;
            }
            else
            {
                parameter.DbType = DbType.DateTime2;
            }

            parameter.Value = utc;
        }

        public override DateTime Parse(object value) => DateTime.SpecifyKind(
            value switch
            {
                DateTime dateTime => dateTime,
                string text => DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
                _ => Convert.ToDateTime(value, CultureInfo.InvariantCulture),
            },
            DateTimeKind.Utc);
    }
}
