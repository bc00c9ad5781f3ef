namespace Pipeline.Api.Hosting;

/// <summary>Collects field errors for a 400 response; field names are the request's camelCase JSON names.</summary>
public sealed class Checks
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public bool Ok => _errors.Count == 0;

    public Checks Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
        return this;
    }

    public Checks When(bool condition, string field, string message) => condition ? Add(field, message) : this;

    public Checks Required(string field, object? value) =>
        value is null || (value is string s && string.IsNullOrWhiteSpace(s)) ? Add(field, Messages.Required) : this;

    public Checks Text(string field, string? value, int maxLength, bool required = false)
    {
        if (required && string.IsNullOrWhiteSpace(value))
        {
            return Add(field, Messages.Required);
        }

        return value is not null && value.Length > maxLength ? Add(field, Words.Format(Messages.AtMostCharacters, maxLength)) : this;
    }

    /// <summary>A telephone number, when given: a mainland mobile number or a landline with its area code.</summary>
    public Checks Phone(string field, string? value, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return required ? Add(field, Messages.Required) : this;
        }

        return Domain.Contacts.PhoneNumbers.Problem(value) is { } problem ? Add(field, problem) : this;
    }

    /// <summary>An amount in 万元 or an area in 亩: positive (or zero when allowed) and exact to four decimals.</summary>
    public Checks Quantity(string field, decimal? value, bool required = false, bool allowZero = false)
    {
        if (value is null)
        {
            return required ? Add(field, Messages.Required) : this;
        }

        return Quantities.Problem(value.Value, allowZero) is { } problem ? Add(field, problem) : this;
    }

    public Checks NotFuture(string field, DateOnly? date, DateOnly today) =>
        date > today ? Add(field, Words.Format(Messages.NotAfterToday, today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))) : this;

    /// <summary>
    /// An enum value from a query string, spelt as the API spells it (camelCase, any case accepted); minimal APIs
    /// would otherwise bind enums case-sensitively by their C# names.
    /// </summary>
    public T? Enum<T>(string field, string? value)
        where T : struct, System.Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!int.TryParse(value, out _) && System.Enum.TryParse<T>(value.Trim(), ignoreCase: true, out var parsed) && System.Enum.IsDefined(parsed))
        {
            return parsed;
        }

        Add(field, Words.Format(Messages.NotOneOf, value, string.Join(", ", System.Enum.GetNames<T>().Select(System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName))));
        return null;
    }

    public ProblemHttpResult Problem() =>
        Problems.Validation(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
}
