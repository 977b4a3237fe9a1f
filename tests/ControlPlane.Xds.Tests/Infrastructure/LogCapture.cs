using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Xds.Tests.Infrastructure;

/// <summary>
/// Collects what the server logs, every category and level, with the properties of the scopes around each line, so a
/// test can say what must and must not be logged.
/// </summary>
internal sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly Recorded<Entry> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<Entry> Entries => _entries.Items;

    public void Register(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(this);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    /// <param name="Scope">The key/value properties of the scopes around the line, innermost last.</param>
    internal sealed record Entry(string Category, LogLevel Level, string Message, Exception? Exception, IReadOnlyDictionary<string, object?> Scope);

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => capture._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scope = new Dictionary<string, object?>(StringComparer.Ordinal);
            capture._scopes.ForEachScope(
                static (s, properties) =>
                {
                    foreach (var (key, value) in s as IEnumerable<KeyValuePair<string, object?>> ?? [])
                    {
                        properties[key] = value;
                    }
                },
                scope);
            capture._entries.Add(new Entry(category, logLevel, formatter(state, exception), exception, scope));
        }
    }
}
