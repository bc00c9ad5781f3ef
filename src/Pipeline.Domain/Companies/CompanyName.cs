using System.Globalization;
using System.Text;

namespace Pipeline.Domain.Companies;

/// <summary>
/// A comparison key for company names, so that one investor written two ways is recognised as one:
/// full-width folded to half-width (NFKC), spaces and case ignored, brackets unified, and common legal-form
/// suffixes (股份有限公司, 有限责任公司, 有限公司, Co., Ltd. …) dropped.
/// </summary>
public static class CompanyName
{
    // Longest first, so that 股份有限公司 is removed whole rather than leaving 股份.
    private static readonly string[] Suffixes =
    [
        "股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "集团公司", "总公司", "分公司", "公司",
        "co.,ltd.", "co.,ltd", "co.ltd.", "co.ltd", "co.,limited", "limited", "ltd.", "ltd", "inc.", "inc",
        "corporation", "corp.", "corp", "co.",
    ];

    public static string Key(string name)
    {
        var folded = name.Normalize(NormalizationForm.FormKC).ToLower(CultureInfo.InvariantCulture);
        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (!char.IsWhiteSpace(c))
            {
                builder.Append(c switch { '【' or '[' or '{' => '(', '】' or ']' or '}' => ')', _ => c });
            }
        }

        var key = builder.ToString();
        bool trimmed;
        do
        {
            trimmed = false;
            key = key.TrimEnd('.', ',', '，', '。');
            foreach (var suffix in Suffixes)
            {
                if (key.Length > suffix.Length && key.EndsWith(suffix, StringComparison.Ordinal))
                {
                    key = key[..^suffix.Length];
                    trimmed = true;
                    break;
                }
            }
        }
        while (trimmed);

        return key;
    }
}
