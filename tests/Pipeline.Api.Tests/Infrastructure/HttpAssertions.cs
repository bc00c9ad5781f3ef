using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Api.Tests.Infrastructure;

/// <summary>Reads responses, failing with the body in the message when the status is not the expected one.</summary>
public static class HttpAssertions
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static async Task<T> As<T>(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        await response.Expect(expected);
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    public static async Task<Problem> Problem(this HttpResponseMessage response, HttpStatusCode expected)
    {
        await response.Expect(expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return new Problem(await response.Content.ReadFromJsonAsync<JsonElement>(Json));
    }

    public static async Task Expect(this HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            var traceId = System.Text.RegularExpressions.Regex.Match(body, "\"traceId\":\"([^\"]+)\"").Groups[1].Value;
            var server = ServerErrors.For(traceId) is { } error ? $"\nOn the server: {error}" : "";
            Assert.Fail($"Expected {(int)expected} {expected} but got {(int)response.StatusCode} {response.StatusCode} from {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {body}{server}");
        }
    }

    public static int Version(this HttpResponseMessage response) =>
        int.Parse(response.Headers.ETag!.Tag.Trim('"'), System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>An RFC 9457 problem as the client sees it.</summary>
public sealed record Problem(JsonElement Body)
{
    public int Status => Body.GetProperty("status").GetInt32();

    public string? Detail => Body.TryGetProperty("detail", out var d) ? d.GetString() : null;

    public string? Code => Body.TryGetProperty("code", out var c) ? c.GetString() : null;

    public bool HasError(string field) => Body.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _);

    public string Error(string field) => string.Join(" ", Body.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()));

    public JsonElement this[string extension] => Body.GetProperty(extension);
}
