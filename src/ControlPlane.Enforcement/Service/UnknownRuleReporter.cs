using ControlPlane.Ir;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Enforcement.Service;

/// <summary>Warns about streams naming a rule this replica does not know, at most once per interval.</summary>
internal sealed class UnknownRuleReporter(IOptions<EnforcementOptions> options, TimeProvider time, ILogger<UnknownRuleReporter> logger)
{
    /// <summary>The name is the stream's to choose: it is cut short before it reaches a log line.</summary>
    private const int LoggedNameLength = 128;

    private readonly LogThrottle _throttle = new(options.Value.UnknownRuleLogInterval, time);

    public void Report(StreamRoute route)
    {
        if (_throttle.TryEnter(out var suppressed))
        {
            var mode = route.FailureMode == FailureMode.Open ? EnforcementContract.FailureModeOpen : EnforcementContract.FailureModeClosed;
            Log.UnknownRule(logger, Shorten(route.RuleName), Shorten(route.Route), mode, suppressed);
        }
    }

    private static string Shorten(string value) => value.Length <= LoggedNameLength ? value : value[..LoggedNameLength] + "…";
}
