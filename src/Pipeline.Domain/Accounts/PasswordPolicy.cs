namespace Pipeline.Domain.Accounts;

/// <summary>At least 8 characters, with at least three of: upper case, lower case, digit, symbol.</summary>
public static class PasswordPolicy
{
    public const int MinimumLength = 8;
    public const int RequiredKinds = 3;

    /// <summary>Null when the password is acceptable, otherwise what is missing.</summary>
    public static string? Problem(string password)
    {
        if (password.Length < MinimumLength)
        {
            return Words.Format(Messages.PasswordTooShort, MinimumLength);
        }

        var kinds = (password.Any(char.IsUpper) ? 1 : 0)
            + (password.Any(char.IsLower) ? 1 : 0)
            + (password.Any(char.IsDigit) ? 1 : 0)
            + (password.Any(c => !char.IsLetterOrDigit(c)) ? 1 : 0);
        return kinds >= RequiredKinds
            ? null
            : Messages.PasswordTooSimple;
    }
}
