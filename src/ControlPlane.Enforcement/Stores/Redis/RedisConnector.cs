using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ControlPlane.Enforcement.Stores.Redis;

/// <summary>
/// One multiplexer for the process, connecting in the background from construction on. AbortOnConnectFail=false lets
/// the service start and keep serving while Redis is down (it reconnects by itself); FailFast makes commands fail at
/// once while disconnected instead of queueing, so the rule's failure mode applies without a delay per request.
/// </summary>
internal sealed class RedisConnector : IAsyncDisposable
{
    private readonly Task<ConnectionMultiplexer> _connecting;
    private readonly TimeSpan _connectTimeout;

    public RedisConnector(IOptions<EnforcementOptions> options)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.RedisConnection))
        {
            throw new InvalidOperationException("The Redis store needs EnforcementOptions.RedisConnection (--redis).");
        }

        _connectTimeout = settings.RedisConnectTimeout;
        var configuration = ConfigurationOptions.Parse(settings.RedisConnection);
        Endpoints = string.Join(",", configuration.EndPoints.Select(EndPointCollection.ToString));
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ConnectTimeout = (int)_connectTimeout.TotalMilliseconds;
        configuration.AsyncTimeout = configuration.SyncTimeout = (int)settings.RedisTimeout.TotalMilliseconds;
        _connecting = ConnectionMultiplexer.ConnectAsync(configuration);
    }

    /// <summary>The configured endpoints, without the rest of the configuration string (it may hold a password).</summary>
    public string Endpoints { get; }

    /// <summary>
    /// Null when Redis answers a PING, else why not. Run at start, so an unreachable Redis is reported before the
    /// first request meets it.
    /// </summary>
    public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var database = await GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
            await database.PingAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return ex.Message;
        }
    }

    public async Task<IDatabase> GetDatabaseAsync(CancellationToken cancellationToken)
    {
        var connection = await _connecting.WaitAsync(_connectTimeout, cancellationToken).ConfigureAwait(false);
        return connection.GetDatabase();
    }

    public async ValueTask DisposeAsync()
    {
        if (_connecting.IsCompletedSuccessfully)
        {
            await _connecting.Result.DisposeAsync().ConfigureAwait(false);
        }
    }
}
