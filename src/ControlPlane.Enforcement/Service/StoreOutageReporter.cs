using ControlPlane.Enforcement.Stores;
using ControlPlane.Ir;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Enforcement.Service;

/// <summary>Logs an unavailable store at most once per interval, with the count of failures it did not log.</summary>
internal sealed class StoreOutageReporter(IOptions<EnforcementOptions> options, TimeProvider time, ILogger<StoreOutageReporter> logger)
{
    private readonly long _intervalTicks = options.Value.StoreOutageLogInterval.Ticks;
    private long _nextReportTicks;
    private long _suppressed;

    public void Report(string store, string rule, FailureMode failureMode, StoreUnavailableException error)
    {
        var now = time.GetUtcNow().UtcTicks;
        var next = Interlocked.Read(ref _nextReportTicks);
        if (now < next || Interlocked.CompareExchange(ref _nextReportTicks, now + _intervalTicks, next) != next)
        {
            Interlocked.Increment(ref _suppressed);
            return;
        }

        var mode = failureMode == FailureMode.Open ? "open" : "closed";
        Log.StoreUnavailable(logger, store, rule, mode, Interlocked.Exchange(ref _suppressed, 0), error.Message);
    }
}
