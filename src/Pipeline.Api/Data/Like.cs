namespace Pipeline.Api.Data;

/// <summary>LIKE patterns from what a user typed, with %, _ and the escape character taken literally (ESCAPE '\').</summary>
public static class Like
{
    public const string Escape = @"ESCAPE '\'";

    public static string? Contains(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? null
            : "%" + text.Trim().Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal) + "%";
}
