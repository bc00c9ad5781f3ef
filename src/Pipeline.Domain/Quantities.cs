using System.Globalization;

namespace Pipeline.Domain;

/// <summary>
/// Exact quantities: amounts in 万元 and areas in 亩 carry at most four decimals (0.0001 万元 is one yuan).
/// They are stored as whole numbers of ten-thousandths, so sums in SQL stay exact on every database.
/// </summary>
public static class Quantities
{
    public const int Decimals = 4;
    public const long Scale = 10_000;

    /// <summary>The largest amount accepted: a trillion 万元 leaves ample headroom below the stored long.</summary>
    public const decimal Max = 1_000_000_000_000m;

    public static long ToStored(decimal value) => (long)(value * Scale);

    public static long? ToStored(decimal? value) => value is { } v ? ToStored(v) : null;

    public static decimal FromStored(long stored) => stored / (decimal)Scale;

    public static decimal? FromStored(long? stored) => stored is { } s ? FromStored(s) : null;

    /// <summary>Null when the value is exact to four decimals and within range, otherwise why not.</summary>
    public static string? Problem(decimal value, bool allowZero = false)
    {
        if (value < 0 || (!allowZero && value == 0))
        {
            return allowZero ? Messages.NotNegative : Messages.GreaterThanZero;
        }

        if (value > Max)
        {
            return Words.Format(Messages.NotExceed, Max.ToString("0", CultureInfo.InvariantCulture));
        }

        return decimal.Round(value, Decimals) == value ? null : Words.Format(Messages.AtMostDecimals, Decimals);
    }
}
