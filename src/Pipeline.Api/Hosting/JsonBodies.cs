namespace Pipeline.Api.Hosting;

/// <summary>
/// Reads every JSON request body once before it is bound, and refuses the two things the binder would misreport: text
/// that is not JSON, and a field given twice (<c>{"name":"a","name":"b"}</c>), which the serializer would either take
/// silently (last wins) or fail on deep inside a handler. Both become a 400 naming the place, on every route.
/// </summary>
public static class JsonBodies
{
    /// <summary>JSON bodies are small forms; files travel as multipart or raw uploads.</summary>
    public const int MaxBytes = 1024 * 1024;

    public static void UseJsonBodyCheck(this WebApplication app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (request.HasJsonContentType() && request.ContentLength is not 0)
        {
            var body = new MemoryStream();
            await request.Body.CopyToAsync(body, context.RequestAborted);
            if (body.Length > MaxBytes)
            {
                await Problems.Problem(StatusCodes.Status413PayloadTooLarge, Messages.TitleTooLarge, Words.Format(Messages.JsonTooLarge, MaxBytes / 1024))
                    .ExecuteAsync(context);
                return;
            }

            if (Problem(body.GetBuffer().AsSpan(0, (int)body.Length)) is { } problem)
            {
                await Problems.Invalid(problem.Field, problem.Message).ExecuteAsync(context);
                return;
            }

            body.Position = 0;
            request.Body = body;
        }

        await next(context);
    });

    /// <summary>The first field given twice, or where the text stops being JSON; null when the body is well-formed.</summary>
    public static (string Field, string Message)? Problem(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        var scopes = new Stack<Scope>();
        string? property = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        property = reader.GetString()!;
                        var scope = scopes.Peek();
                        if (!scope.Names!.Add(property))
                        {
                            return (Join(scope.Path, property), Messages.GivenTwice);
                        }

                        continue;
                    case JsonTokenType.StartObject:
                        scopes.Push(new Scope(ValuePath(scopes, property), []));
                        break;
                    case JsonTokenType.StartArray:
                        scopes.Push(new Scope(ValuePath(scopes, property), null));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        scopes.Pop();
                        break;
                    default:
                        ValuePath(scopes, property);
                        break;
                }

                property = null;
            }
        }
        catch (JsonException e)
        {
            return ("body", Words.Format(Messages.NotJson, e.LineNumber + 1, e.BytePositionInLine + 1));
        }

        return null;
    }

    /// <summary>The path of the value that starts now: a property of the enclosing object, or the next item of an array.</summary>
    private static string ValuePath(Stack<Scope> scopes, string? property)
    {
        if (scopes.Count == 0)
        {
            return "";
        }

        var parent = scopes.Peek();
        return parent.Names is null ? $"{parent.Path}[{parent.NextIndex++}]" : Join(parent.Path, property!);
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private sealed class Scope(string path, HashSet<string>? names)
    {
        public string Path => path;

        /// <summary>The field names seen so far in an object; null for an array.</summary>
        public HashSet<string>? Names => names;

        public int NextIndex { get; set; }
    }
}
