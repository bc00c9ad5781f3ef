using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Pipeline.Api.Hosting;

/// <summary>
/// Turns every failure into RFC 9457 problem details: unreadable requests into a 400 that names the field, anything
/// unexpected into a 500 that carries a trace id and nothing else (no stack trace, no SQL).
/// </summary>
public sealed partial class ErrorHandling(IProblemDetailsService problems, ILogger<ErrorHandling> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        ProblemDetails problem;
        if (exception is BadHttpRequestException bad)
        {
            problem = Unreadable(bad);
        }
        else if (exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested)
        {
            return true;
        }
        else
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "Something went wrong on our side.",
                Detail = "The error has been logged. Nothing was saved; try again, and quote the trace id if it keeps happening.",
            };
        }

        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails Unreadable(BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json)
        {
            var unknown = UnknownProperty().Match(json.Message);
            var field = unknown.Success ? unknown.Groups[1].Value
                : string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "body" : json.Path.TrimStart('$', '.');
            var message = unknown.Success ? "Unknown field; check its spelling against the API description."
                : field == "body" ? "The body is not valid JSON." : $"Not a valid value{Expected(FieldType(json))}.";
            return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request is not valid.",
                Detail = $"{field}: {message}",
            };
        }

        var binding = FailedBinding().Match(exception.Message);
        var detail = binding.Success
            ? $"'{binding.Groups[3].Value}' is not a valid value for '{JsonNamingPolicy.CamelCase.ConvertName(binding.Groups[2].Value)}'{Expected(FindType(binding.Groups[1].Value.TrimEnd('?')) ?? Type.GetType("System." + binding.Groups[1].Value.TrimEnd('?')))}."
            : exception.Message.Contains("body", StringComparison.OrdinalIgnoreCase) ? "A JSON body is required." : "The request could not be read.";
        return new ProblemDetails { Status = exception.StatusCode, Title = "The request is not valid.", Detail = detail };
    }

    /// <summary>What kind of value was expected, in words, from the type the serializer or binder names.</summary>
    private static string Expected(Type? type)
    {
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            null => "",
            { IsEnum: true } => $" (expected one of: {string.Join(", ", Enum.GetNames(type).Select(JsonNamingPolicy.CamelCase.ConvertName))})",
            _ when type == typeof(DateOnly) => " (expected a date, yyyy-MM-dd)",
            _ when type == typeof(DateTime) || type == typeof(DateTimeOffset) => " (expected an ISO 8601 time)",
            _ when type == typeof(decimal) || type == typeof(int) || type == typeof(long) || type == typeof(double) => " (expected a number)",
            _ when type == typeof(bool) => " (expected true or false)",
            _ when type == typeof(string) => " (expected text)",
            _ when type.IsAssignableTo(typeof(System.Collections.IEnumerable)) => " (expected a list)",
            _ => "",
        };
    }

    /// <summary>
    /// The type of the value at the failing JSON path: the serializer names the containing type, so look up the
    /// property the path ends in.
    /// </summary>
    private static Type? FieldType(JsonException json)
    {
        var named = ConvertedTo().Match(json.Message);
        if (!named.Success)
        {
            return null;
        }

        var type = FindType(named.Groups[1].Value.TrimEnd('.'));
        var property = json.Path?.Split('.').LastOrDefault()?.Split('[')[0];
        var member = type is null || string.IsNullOrEmpty(property) || property == "$"
            ? null
            : type.GetProperty(property, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase);
        return member?.PropertyType ?? type;
    }

    private static Type? FindType(string name) =>
        Type.GetType(name) ?? typeof(ErrorHandling).Assembly.GetType(name) ?? typeof(Domain.Quantities).Assembly.GetType(name);

    [System.Text.RegularExpressions.GeneratedRegex(@"converted to (?:System\.Nullable`1\[)?([\w.+]+)")]
    private static partial System.Text.RegularExpressions.Regex ConvertedTo();

    [System.Text.RegularExpressions.GeneratedRegex("The JSON property '([^']+)' could not be mapped")]
    private static partial System.Text.RegularExpressions.Regex UnknownProperty();

    [System.Text.RegularExpressions.GeneratedRegex("Failed to bind parameter \"(\\S+) (\\w+)\" from \"(.*)\"")]
    private static partial System.Text.RegularExpressions.Regex FailedBinding();
}
