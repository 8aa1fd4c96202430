using System.Text;
using Microsoft.Extensions.Logging;

namespace AgentChat.Tests.Bridge.EndToEnd;

/// <summary>The in-process bridge's log lines, kept for a failing test's message.</summary>
internal sealed class CapturedLog : ILoggerProvider
{
    private readonly StringBuilder _lines = new();

    public string Text { get { lock (_lines) return _lines.ToString(); } }

    public string Tail(int chars = 6000)
    {
        var text = Text;
        return text.Length <= chars ? text : text[^chars..];
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (log._lines) log._lines.Append(DateTime.UtcNow.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture))
                .Append(' ').Append(logLevel).Append(' ').Append(category).Append(": ").AppendLine(formatter(state, exception));
        }
    }
}
