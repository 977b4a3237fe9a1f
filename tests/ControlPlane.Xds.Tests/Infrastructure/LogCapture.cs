using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Xds.Tests.Infrastructure;

/// <summary>Collects what the server logs, every category and level, so a test can say what must and must not be logged.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly Recorded<Entry> _entries = new();

    public IReadOnlyList<Entry> Entries => _entries.Items;

    public void Register(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(this);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    internal sealed record Entry(string Category, LogLevel Level, string Message, Exception? Exception);

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            capture._entries.Add(new Entry(category, logLevel, formatter(state, exception), exception));
        }
    }
}
