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
                : field == "body" ? "The body is not valid JSON." : $"Not a valid value{Expected(json.Message)}.";
            return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request is not valid.",
                Detail = $"{field}: {message}",
            };
        }

        var binding = FailedBinding().Match(exception.Message);
        var detail = binding.Success
            ? $"'{binding.Groups[3].Value}' is not a valid value for '{JsonNamingPolicy.CamelCase.ConvertName(binding.Groups[2].Value)}'{Expected(binding.Groups[1].Value)}."
            : exception.Message.Contains("body", StringComparison.OrdinalIgnoreCase) ? "A JSON body is required." : "The request could not be read.";
        return new ProblemDetails { Status = exception.StatusCode, Title = "The request is not valid.", Detail = detail };
    }

    /// <summary>What kind of value was expected, in words, from the .NET type named in a serializer or binder message.</summary>
    private static string Expected(string message) => message switch
    {
        _ when message.Contains("DateOnly", StringComparison.Ordinal) => " (expected a date, yyyy-MM-dd)",
        _ when message.Contains("DateTime", StringComparison.Ordinal) => " (expected an ISO 8601 time)",
        _ when message.Contains("Decimal", StringComparison.Ordinal) || message.Contains("Int", StringComparison.Ordinal) => " (expected a number)",
        _ when message.Contains("Boolean", StringComparison.Ordinal) => " (expected true or false)",
        _ when message.Contains("String", StringComparison.Ordinal) => " (expected text)",
        _ when message.Contains("List", StringComparison.Ordinal) || message.Contains("[]", StringComparison.Ordinal) => " (expected a list)",
        _ => " (expected one of the values the API description lists)",
    };

    [System.Text.RegularExpressions.GeneratedRegex("The JSON property '([^']+)' could not be mapped")]
    private static partial System.Text.RegularExpressions.Regex UnknownProperty();

    [System.Text.RegularExpressions.GeneratedRegex("Failed to bind parameter \"(\\S+) (\\w+)\" from \"(.*)\"")]
    private static partial System.Text.RegularExpressions.Regex FailedBinding();
}
