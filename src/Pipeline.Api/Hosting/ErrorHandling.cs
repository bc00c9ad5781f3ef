using System.Reflection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Pipeline.Api.Hosting;

/// <summary>
/// Turns every failure into RFC 9457 problem details: unreadable requests into a 400 that names the field, anything
/// unexpected into a 500 that carries a trace id and nothing else (no stack trace, no SQL). What went wrong is read from
/// the exception's type and data (a JSON path, the endpoint's parameter types), never from its message text.
/// </summary>
public sealed class ErrorHandling(IProblemDetailsService problems, ILogger<ErrorHandling> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        // The middleware clears the endpoint and route values before handlers run; the feature keeps the ones that failed.
        var failed = context.Features.Get<IExceptionHandlerFeature>();
        var endpoint = failed?.Endpoint;
        var routeValues = failed?.RouteValues ?? new Microsoft.AspNetCore.Routing.RouteValueDictionary();
        ProblemDetails problem;
        switch (exception)
        {
            case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                problem = new ProblemDetails { Status = StatusCodes.Status413PayloadTooLarge, Title = Messages.TitleTooLarge, Detail = Messages.TooLarge };
                break;
            case BadHttpRequestException { InnerException: JsonException json }:
                problem = Invalid(BodyField(json), BodyMessage(endpoint, json));
                break;
            case BadHttpRequestException:
                problem = UnboundParameter(endpoint, routeValues, context.Request.Query) is { } unbound
                    ? Invalid(unbound.Name, Words.Format(Messages.NotAValidValue, unbound.Value, Expected(unbound.Type)))
                    : new ProblemDetails { Status = StatusCodes.Status400BadRequest, Title = Messages.TitleInvalid, Detail = RequestMessage(endpoint, context.Request) };
                break;
            case InvalidDataException:
                problem = Invalid("file", Messages.UploadUnreadable);
                break;
            case OperationCanceledException when context.RequestAborted.IsCancellationRequested:
                return true;
            default:
                logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
                problem = new ProblemDetails
                {
                    Status = StatusCodes.Status500InternalServerError,
                    Title = Messages.TitleServerError,
                    Detail = Messages.ServerError,
                };
                break;
        }

        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static HttpValidationProblemDetails Invalid(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = Messages.TitleInvalid,
            Detail = $"{field}: {message}",
        };

    /// <summary><c>$.targets[0].companyId</c> as the API names it: <c>targets[0].companyId</c>; the root is the body.</summary>
    private static string BodyField(JsonException json) =>
        json.Path is null or "$" ? "body" : json.Path.TrimStart('$', '.');

    /// <summary>
    /// The body's text is well-formed (see <see cref="JsonBodies"/>), so the serializer failed on a field: one the request type
    /// does not have, or a value of the wrong kind for the one it has.
    /// </summary>
    private static string BodyMessage(Endpoint? endpoint, JsonException json)
    {
        var bodyType = endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        if (bodyType is null || json.Path is null or "$")
        {
            return Words.Format(Messages.NotWhatThisTakes, Expected(bodyType));
        }

        return MemberType(bodyType, json.Path) is { } type
            ? Words.Format(Messages.NotValidHere, Expected(type))
            : Messages.UnknownField;
    }

    /// <summary>The type of the member a JSON path leads to, walking properties (any case) and list items; null when a name is not a member.</summary>
    private static Type? MemberType(Type root, string path)
    {
        var type = root;
        foreach (var segment in path.TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            if (DictionaryValueType(type) is { } valueType)
            {
                type = valueType;
                continue;
            }

            var name = segment.Split('[')[0];
            var property = type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null)
            {
                return null;
            }

            type = property.PropertyType;
            for (var depth = segment.Count(c => c == '['); depth > 0; depth--)
            {
                type = ItemType(type) ?? type;
            }
        }

        return type;
    }

    private static Type? DictionaryValueType(Type type) =>
        type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))?.GetGenericArguments()[1];

    private static Type? ItemType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    /// <summary>
    /// The route or query value the framework could not convert: each simple parameter of the handler (and of its
    /// <c>[AsParameters]</c> records) is parsed again with its own type's parser, and the first that fails is the one.
    /// </summary>
    private static (string Name, string Value, Type Type)? UnboundParameter(Endpoint? endpoint, Microsoft.AspNetCore.Routing.RouteValueDictionary routeValues, IQueryCollection query)
    {
        var method = endpoint?.Metadata.GetMetadata<MethodInfo>();
        if (method is null)
        {
            return null;
        }

        foreach (var (name, type) in method.GetParameters().SelectMany(Expand))
        {
            var value = routeValues.TryGetValue(name, out var routed) ? routed?.ToString() : query[name].FirstOrDefault();
            if (!string.IsNullOrEmpty(value) && !Parses(value, type))
            {
                return (JsonNamingPolicy.CamelCase.ConvertName(name), value, type);
            }
        }

        return null;
    }

    private static IEnumerable<(string Name, Type Type)> Expand(ParameterInfo parameter) =>
        parameter.GetCustomAttribute<AsParametersAttribute>() is null
            ? [(parameter.Name!, parameter.ParameterType)]
            : parameter.ParameterType.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First().GetParameters().SelectMany(Expand);

    private static bool Parses(string value, Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return true;
        }

        if (type.IsEnum)
        {
            return Enum.TryParse(type, value, ignoreCase: true, out _);
        }

        var tryParse = type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static, [typeof(string), typeof(IFormatProvider), type.MakeByRefType()]);
        return tryParse is null || (bool)tryParse.Invoke(null, [value, System.Globalization.CultureInfo.InvariantCulture, null])!;
    }

    private static string RequestMessage(Endpoint? endpoint, HttpRequest request) =>
        endpoint?.Metadata.GetMetadata<IAcceptsMetadata>() is not null && request.ContentLength is null or 0
            ? Messages.BodyRequired
            : Messages.RequestUnreadable;

    /// <summary>What kind of value was expected, in words.</summary>
    private static string Expected(Type? type)
    {
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            null => "",
            { IsEnum: true } => Words.Format(Messages.ExpectedOneOf, string.Join(", ", Enum.GetNames(type).Select(JsonNamingPolicy.CamelCase.ConvertName))),
            _ when type == typeof(DateOnly) => Messages.ExpectedDate,
            _ when type == typeof(DateTime) || type == typeof(DateTimeOffset) => Messages.ExpectedTime,
            _ when type == typeof(decimal) || type == typeof(int) || type == typeof(long) || type == typeof(double) => Messages.ExpectedNumber,
            _ when type == typeof(bool) => Messages.ExpectedBoolean,
            _ when type == typeof(string) => Messages.ExpectedText,
            _ when DictionaryValueType(type) is not null => Messages.ExpectedObject,
            _ when ItemType(type) is not null => Messages.ExpectedList,
            _ when type.IsClass => Messages.ExpectedObject,
            _ => "",
        };
    }
}
