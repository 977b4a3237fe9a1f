using ControlPlane.Ir;

namespace ControlPlane.Translation.Common;

/// <summary>Which of the two ext_proc filter instances a rule uses; the names tie routes to the connection manager.</summary>
internal static class EnforcementFilters
{
    /// <summary>Chain order: fail-closed, fail-open; both sit before the router.</summary>
    public static IEnumerable<FailureMode> InChainOrder { get; } = [FailureMode.Closed, FailureMode.Open];

    public static string FilterName(FailureMode mode) => mode switch
    {
        FailureMode.Closed => EnforcementContract.FailClosedFilterName,
        FailureMode.Open => EnforcementContract.FailOpenFilterName,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown failure mode."),
    };

    /// <summary>The ext_proc filter's own stats prefix, so the two instances' counters stay apart.</summary>
    public static string StatPrefix(FailureMode mode) => mode switch
    {
        FailureMode.Closed => "idempotency_fail_closed",
        _ => "idempotency_fail_open",
    };
}
