using System.Data;
using System.Globalization;
using Dapper;

namespace Pipeline.Api.Data;

/// <summary>Dapper conventions shared by both providers.</summary>
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

    /// <summary>Every stored instant is UTC; neither provider remembers the kind, so reads mark it.</summary>
    private sealed class UtcDateTimeHandler : SqlMapper.TypeHandler<DateTime>
    {
        public override void SetValue(IDbDataParameter parameter, DateTime value)
        {
            parameter.DbType = DbType.DateTime2;
            parameter.Value = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
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
