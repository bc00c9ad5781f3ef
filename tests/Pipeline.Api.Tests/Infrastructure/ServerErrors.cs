using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Pipeline.Api.Tests.Infrastructure;

/// <summary>
/// Keeps the app's logged exceptions by trace id, so that a test that receives a 500 (whose body rightly hides the
/// cause) can show what happened on the server.
/// </summary>
public sealed class ServerErrors : ILoggerProvider, ILogger
{
    private static readonly ConcurrentDictionary<string, string> ByTraceId = new();

    public static string? For(string traceId) => ByTraceId.TryGetValue(traceId, out var error) ? error : null;

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (exception is not null && Activity.Current?.Id is { } traceId)
        {
            ByTraceId[traceId] = $"{formatter(state, exception)}\n{exception}";
        }
    }

    public void Dispose()
    {
    }
}
