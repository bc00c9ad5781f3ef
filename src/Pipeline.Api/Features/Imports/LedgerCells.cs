using static Pipeline.Api.Features.Imports.LedgerImport;

namespace Pipeline.Api.Features.Imports;

/// <summary>One row's cells, read leniently (Excel gives numbers, dates or text) and strictly checked; every problem is kept by row and column.</summary>
public sealed class LedgerCells(IDictionary<string, object?> row, int number, List<RowProblem> problems)
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy/M/d", "yyyy.M.d", "yyyy-M-d", "yyyyMMdd", "yyyy年M月d日"];
    private static readonly string[] MonthFormats = ["yyyy-MM", "yyyy-M", "yyyy/M", "yyyy.M", "yyyyMM", "yyyy年M月"];

    public int Number => number;

    /// <summary>How many problems the import has found so far, this row's included.</summary>
    public int ProblemCount => problems.Count;

    public LedgerCells Problem(string column, string message)
    {
        problems.Add(new RowProblem(number, column, message));
        return this;
    }

    public LedgerCells When(bool condition, string column, string message) => condition ? Problem(column, message) : this;

    public string? Text(string column, bool required = false, int maxLength = 200)
    {
        var text = row.TryGetValue(column, out var value) && value is not null
            ? Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim()
            : null;
        if (string.IsNullOrEmpty(text))
        {
            When(required, column, Messages.Required);
            return null;
        }

        When(text.Length > maxLength, column, Words.Format(Messages.AtMostCharacters, maxLength));
        return text;
    }

    /// <summary>An amount in 万元 or an area in 亩 (see <see cref="Quantities"/>).</summary>
    public decimal? Quantity(string column, bool required = false, bool allowZero = false)
    {
        if (Blank(column, required) is not { } value)
        {
            return null;
        }

        decimal? number = value switch
        {
            double d => Convert.ToDecimal(d),
            decimal m => m,
            int or long => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
            string s when decimal.TryParse(s.Trim().Replace(",", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
        if (number is null)
        {
            Problem(column, Words.Format(Messages.ImportNotANumber, value));
            return null;
        }

        return Quantities.Problem(number.Value, allowZero) is { } problem ? Nothing(Problem(column, problem)) : number;
    }

    /// <summary>A whole number (a year, a head count).</summary>
    public int? Whole(string column, bool required = false)
    {
        if (Blank(column, required) is not { } value)
        {
            return null;
        }

        int? whole = value switch
        {
            double d when d == Math.Floor(d) && Math.Abs(d) < int.MaxValue => (int)d,
            string s when int.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
        When(whole is null, column, Words.Format(Messages.ImportNotAWholeNumber, value));
        return whole;
    }

    public DateOnly? Date(string column, bool required = false)
    {
        if (Blank(column, required) is not { } value)
        {
            return null;
        }

        DateOnly? date = value switch
        {
            DateTime dateTime => DateOnly.FromDateTime(dateTime),
            double serial when serial is > 0 and < 2958466 => DateOnly.FromDateTime(DateTime.FromOADate(serial)),
            string s when DateOnly.TryParseExact(s.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) => parsed,
            _ => null,
        };
        When(date is null, column, Words.Format(Messages.ImportNotADate, value));
        return date;
    }

    /// <summary>A month as its first day: written yyyy-MM, or a date cell (Excel turns "2026-03" typed into a cell into 2026-03-01).</summary>
    public DateOnly? Month(string column, bool required = false)
    {
        if (Blank(column, required) is not { } value)
        {
            return null;
        }

        DateOnly? month = value switch
        {
            double serial when serial is > 0 and < 2958466 => DateOnly.FromDateTime(DateTime.FromOADate(serial)),
            string s when DateOnly.TryParseExact(s.Trim(), MonthFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) => parsed,
            string s when DateOnly.TryParseExact(s.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) => day,
            _ => null,
        };
        When(month is null, column, Words.Format(Messages.ImportNotAMonth, value));
        return month is { } m ? new DateOnly(m.Year, m.Month, 1) : null;
    }

    private object? Blank(string column, bool required)
    {
        if (!row.TryGetValue(column, out var value) || value is null || (value is string blank && string.IsNullOrWhiteSpace(blank)))
        {
            When(required, column, Messages.Required);
            return null;
        }

        return value;
    }

    private static decimal? Nothing(LedgerCells _) => null;
}
