using System.Text.RegularExpressions;

namespace Pipeline.Domain.Contacts;

/// <summary>
/// The telephone numbers contacts are reached on: a mainland mobile number (11 digits, 1 then 3–9; +86 in front allowed)
/// or a landline with its area code (0 and 2–3 digits, then 7–8 digits; a hyphen between them, an extension after one).
/// </summary>
public static partial class PhoneNumbers
{
    public static bool IsValid(string number) => Shape().IsMatch(number.Trim());

    /// <summary>Null for a valid number, otherwise what is wrong with it, in the current language.</summary>
    public static string? Problem(string number) => IsValid(number) ? null : Words.Format(Messages.PhoneInvalid, number.Trim());

    [GeneratedRegex(@"^(?:(?:\+86[ -]?)?1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?)$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
