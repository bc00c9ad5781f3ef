using Microsoft.Extensions.Logging;

namespace Pipeline.Api.Tests.Infrastructure;

/// <summary>One line the app logged: who logged it, how seriously, and what it said.</summary>
public sealed record LogLine(string Category, LogLevel Level, string Message);

/// <summary>Keeps every line the app logs, for tests that assert on what an operator would read.</summary>
public sealed class LogLines : ILoggerProvider
{
    private readonly List<LogLine> _lines = [];

    public IReadOnlyList<LogLine> All
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogLines lines, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (lines._lines)
            {
                lines._lines.Add(new LogLine(category, logLevel, formatter(state, exception)));
            }
        }
    }
}
