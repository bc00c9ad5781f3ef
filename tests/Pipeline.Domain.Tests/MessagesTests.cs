using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.Domain.Tests;

/// <summary>The two languages say the same things: every message in both, none empty, the same values filled in.</summary>
public partial class MessagesTests
{
    private static readonly IReadOnlyDictionary<string, string> Chinese = Read(CultureInfo.InvariantCulture);
    private static readonly IReadOnlyDictionary<string, string> English = Read(new CultureInfo("en"));

    [Fact]
    public void Resources_ChineseAndEnglish_HaveTheSameKeys()
    {
        Assert.NotEmpty(Chinese);
        Assert.Empty(Chinese.Keys.Except(English.Keys));
        Assert.Empty(English.Keys.Except(Chinese.Keys));
    }

    [Fact]
    public void Resources_EveryMessage_HasAText()
    {
        Assert.Empty(Chinese.Where(m => string.IsNullOrWhiteSpace(m.Value)).Select(m => m.Key));
        Assert.Empty(English.Where(m => string.IsNullOrWhiteSpace(m.Value)).Select(m => m.Key));
    }

    [Fact]
    public void Resources_BothLanguages_FillInTheSamePlaceholders()
    {
        var mismatched = Chinese.Where(m => English.TryGetValue(m.Key, out var english) && Placeholders(m.Value) != Placeholders(english))
            .Select(m => $"{m.Key}: {m.Value} | {English[m.Key]}");

        Assert.Empty(mismatched);
    }

    [Fact]
    public void Resources_Chinese_IsTheNeutralLanguage()
    {
        Assert.Equal("必填。", Chinese[nameof(Texts.Messages.Required)]);
        Assert.Equal("Required.", English[nameof(Texts.Messages.Required)]);
    }

    /// <summary>The messages of one language only, without falling back to the neutral ones.</summary>
    private static Dictionary<string, string> Read(CultureInfo culture) =>
        Texts.Messages.ResourceManager.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!
            .Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "");

    /// <summary>The placeholder numbers a message fills in, e.g. "0,1" for "{0} … {1:yyyy-MM-dd}".</summary>
    private static string Placeholders(string message) =>
        string.Join(",", PlaceholderPattern().Matches(message).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().Order());

    [GeneratedRegex(@"\{(\d+)[^}]*\}")]
    private static partial Regex PlaceholderPattern();
}
