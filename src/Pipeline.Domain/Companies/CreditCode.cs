namespace Pipeline.Domain.Companies;

/// <summary>
/// The unified social credit code (统一社会信用代码) of GB 32100-2015: 18 characters from a 31-character set
/// (digits and capitals without I, O, S, V, Z); the last is a check character over the first 17,
/// weighted by 3^i mod 31.
/// </summary>
public static class CreditCode
{
    public const int Length = 18;
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>Upper-cases and trims what a person typed.</summary>
    public static string Normalize(string code) => code.Trim().ToUpperInvariant();

    /// <summary>Null when the (normalised) code is valid, otherwise why not, in words a person understands.</summary>
    public static string? Problem(string code)
    {
        if (code.Length != Length)
        {
            return Words.Format(Messages.CreditCodeLength, Length, code.Length);
        }

        for (var i = 0; i < code.Length; i++)
        {
            if (Alphabet.IndexOf(code[i]) < 0)
            {
                return Words.Format(Messages.CreditCodeCharacter, i + 1, code[i]);
            }
        }

        var expected = CheckCharacter(code.AsSpan(0, Length - 1));
        return code[Length - 1] == expected
            ? null
            : Words.Format(Messages.CreditCodeCheckCharacter, expected, code[Length - 1]);
    }

    public static bool IsValid(string code) => Problem(code) is null;

    /// <summary>The check character for the first 17 characters (all from the code's alphabet).</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != Length - 1)
        {
            throw new ArgumentException($"Expected {Length - 1} characters.", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < first17.Length; i++)
        {
            var value = Alphabet.IndexOf(first17[i]);
            if (value < 0)
            {
                throw new ArgumentException($"'{first17[i]}' is not a credit-code character.", nameof(first17));
            }

            sum += value * Weights[i];
        }

        return Alphabet[(31 - sum % 31) % 31];
    }
}
