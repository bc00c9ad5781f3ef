using System.Globalization;
using System.Resources;

[assembly: NeutralResourcesLanguage("zh-CN")]

namespace Pipeline.Domain.Texts;

/// <summary>
/// The words people read: every message is a resource in <c>Messages.resx</c> (Chinese, the default) with its English in
/// <c>Messages.en.resx</c>, picked by the request's culture (<c>Accept-Language: en</c>); code never carries the text.
/// </summary>
public static class Words
{
    /// <summary>A message with its values filled in, in the current culture.</summary>
    public static string Format(string message, params object?[] values) => string.Format(CultureInfo.CurrentCulture, message, values);

    /// <summary>Items joined the way the current language lists them (、 in Chinese).</summary>
    public static string List(IEnumerable<string> items) => string.Join(Messages.ListSeparator, items);

    /// <summary>A name or value set off in the current language's quotation marks (“签约” in Chinese, 'signed' in English).</summary>
    public static string Quote(string text) => Format(Messages.Quoted, text);

    /// <summary>Names quoted and listed: “供地”、“终止”.</summary>
    public static string QuotedList(IEnumerable<string> items) => List(items.Select(Quote));

    /// <summary>A resource in Chinese whatever the request's language, for data people read (a stage's name in a list or a sheet).</summary>
    public static string Chinese(string name) => Messages.ResourceManager.GetString(name, CultureInfo.InvariantCulture) ?? name;
}
