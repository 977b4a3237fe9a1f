using System.Globalization;
using ControlPlane.Ir;
using Grpc.Core;

namespace ControlPlane.Enforcement.Service;

/// <summary>
/// What the route tells the service in the stream's gRPC initial metadata (<see cref="EnforcementContract"/>): the
/// rule, the route, the failure mode and Envoy's message timeout. The last two let a replica that does not know the
/// rule still fail as the route says, and answer before Envoy's timer fires.
/// </summary>
/// <param name="FailureMode">Closed when the route names none (a control plane older than this entry): a replica that
/// cannot enforce must not silently forward what the policy protects.</param>
/// <param name="MessageTimeout">Envoy's default (200 ms) when the route names none.</param>
internal sealed record StreamRoute(string RuleName, string Route, FailureMode FailureMode, TimeSpan MessageTimeout)
{
    /// <summary>Envoy's own default <c>message_timeout</c>.</summary>
    public static readonly TimeSpan EnvoyDefaultMessageTimeout = TimeSpan.FromMilliseconds(200);

    public static StreamRoute From(Metadata headers) => new(
        headers.GetValue(EnforcementContract.RuleMetadataHeader) ?? "",
        headers.GetValue(EnforcementContract.RouteMetadataHeader) ?? "",
        headers.GetValue(EnforcementContract.FailureModeMetadataHeader) == EnforcementContract.FailureModeOpen ? FailureMode.Open : FailureMode.Closed,
        long.TryParse(headers.GetValue(EnforcementContract.MessageTimeoutMetadataHeader), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms > 0
            ? TimeSpan.FromMilliseconds(ms)
            : EnvoyDefaultMessageTimeout);

    /// <summary>
    /// How long one store operation may take while Envoy waits for an answer: the message timeout less a margin for
    /// the network and gRPC, never below the floor. Past it the failure mode applies and the service answers itself,
    /// so a fail-closed route gets our 503 rather than Envoy's empty 504.
    /// </summary>
    public TimeSpan StoreDeadline(EnforcementOptions options)
    {
        var deadline = MessageTimeout - options.StoreDeadlineMargin;
        return deadline > options.StoreDeadlineFloor ? deadline : options.StoreDeadlineFloor;
    }
}
