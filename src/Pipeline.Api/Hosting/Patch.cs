using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;

namespace Pipeline.Api.Hosting;

/// <summary>
/// A JSON merge-patch body (RFC 7396), bound as a handler parameter: a field that is present changes, <c>null</c> clears
/// it, an absent one stays. Unknown fields are refused rather than silently ignored, so a typo never loses an edit.
/// </summary>
public sealed class Patch : IEndpointParameterMetadataProvider
{
    private readonly JsonObject _body;
    private readonly JsonSerializerOptions _json;

    private Patch(JsonObject body, JsonSerializerOptions json)
    {
        _body = body;
        _json = json;
    }

    /// <summary>The field errors found while reading the patch; handlers add their own.</summary>
    public Checks Checks { get; } = new();

    /// <summary>The fields the patch changes, for the audit trail.</summary>
    public IEnumerable<string> Fields => _body.Select(p => p.Key);

    public bool Has(string field) => _body.ContainsKey(field);

    public static async ValueTask<Patch?> BindAsync(HttpContext context)
    {
        if (context.Request.ContentLength is 0)
        {
            throw new BadHttpRequestException("Empty body.");
        }

        var json = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var node = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        return node is JsonObject body
            ? new Patch(body, json)
            : throw new BadHttpRequestException("Not an object.", new JsonException(null, "$", null, null));
    }

    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder) =>
        builder.Metadata.Add(new AcceptsMetadata(["application/merge-patch+json", "application/json"], typeof(JsonObject)));

    /// <summary>Refuses every field not in <paramref name="fields"/>.</summary>
    public Patch Allow(params string[] fields)
    {
        foreach (var (name, _) in _body)
        {
            if (!fields.Contains(name, StringComparer.Ordinal))
            {
                Checks.Add(name, Words.Format(Messages.UnknownOrFixedField, string.Join(", ", fields)));
            }
        }

        return this;
    }

    /// <summary>The new value of a field that is present; a field that may not be cleared gets an error for null.</summary>
    public T? Get<T>(string field, bool clearable = true)
    {
        var node = _body[field];
        if (node is null)
        {
            if (!clearable)
            {
                Checks.Add(field, Messages.CannotBeCleared);
            }

            return default;
        }

        try
        {
            return node.Deserialize<T>(_json);
        }
        catch (JsonException)
        {
            Checks.Add(field, Words.Format(Messages.InvalidValueHere, node.ToJsonString()));
            return default;
        }
    }

    /// <summary>The patched value: the new one when the field is present, else the current one.</summary>
    public T? Or<T>(string field, T? current, bool clearable = true) => Has(field) ? Get<T>(field, clearable) : current;
}
