using ControlPlane.Enforcement.Stores;
using ControlPlane.Ir;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Enforcement.Service;

/// <summary>
/// Keeps <see cref="StoreHealth"/> current from what store operations meet, and logs an unavailable store at most
/// once per interval, with the count of failures it did not log.
/// </summary>
internal sealed class StoreOutageReporter(IOptions<EnforcementOptions> options, TimeProvider time, StoreHealth health, ILogger<StoreOutageReporter> logger)
{
    private readonly LogThrottle _throttle = new(options.Value.StoreOutageLogInterval, time);

    public void Report(string store, string rule, FailureMode failureMode, StoreUnavailableException error)
    {
        health.Failed(error.Message);
        if (_throttle.TryEnter(out var suppressed))
        {
            Log.StoreUnavailable(logger, store, rule, failureMode == FailureMode.Open ? "open" : "closed", suppressed, error.Message);
        }
    }

    public void Succeeded() => health.Succeeded();
}
