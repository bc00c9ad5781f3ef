using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Api.Hosting;

/// <summary>
/// A JSON merge-patch body (RFC 7396): a field that is present changes, <c>null</c> clears it, an absent one stays.
/// Unknown fields are refused rather than silently ignored, so a typo never loses an edit.
/// </summary>
public sealed class Patch(JsonObject body, JsonSerializerOptions json, Checks checks)
{
    public Checks Checks => checks;

    public bool Has(string field) => body.ContainsKey(field);

    public bool IsEmpty => body.Count == 0;

    /// <summary>Refuses every field not in <paramref name="fields"/>.</summary>
    public Patch Allow(params string[] fields)
    {
        foreach (var (name, _) in body)
        {
            if (!fields.Contains(name, StringComparer.Ordinal))
            {
                checks.Add(name, $"Unknown field or one that cannot be changed here; changeable: {string.Join(", ", fields)}.");
            }
        }

        return this;
    }

    /// <summary>The new value of a field that is present; a field that may not be cleared gets an error for null.</summary>
    public T? Get<T>(string field, bool clearable = true)
    {
        var node = body[field];
        if (node is null)
        {
            if (!clearable)
            {
                checks.Add(field, "Cannot be cleared.");
            }

            return default;
        }

        try
        {
            return node.Deserialize<T>(json);
        }
        catch (JsonException)
        {
            checks.Add(field, $"'{node.ToJsonString()}' is not a valid value here.");
            return default;
        }
    }

    /// <summary>The patched value: the new one when the field is present, else the current one.</summary>
    public T? Or<T>(string field, T? current, bool clearable = true) => Has(field) ? Get<T>(field, clearable) : current;
}
