namespace ControlPlane.Ir;

/// <summary>
/// What the Envoy translator puts on a route and the enforcement service reads back. Both sides use these constants,
/// so a rename cannot silently break the link between them.
/// </summary>
public static class EnforcementContract
{
    /// <summary>gRPC initial metadata (per-route <c>grpc_initial_metadata</c>) naming the rule to apply.</summary>
    public const string RuleMetadataHeader = "x-idempotency-policy";

    /// <summary>gRPC initial metadata naming the gateway route, for metrics and logs.</summary>
    public const string RouteMetadataHeader = "x-idempotency-route";

    /// <summary>
    /// gRPC initial metadata with the route's failure mode (<see cref="FailureModeClosed"/> or <see cref="FailureModeOpen"/>),
    /// so a stream whose rule the service does not know still fails the way the route says.
    /// </summary>
    public const string FailureModeMetadataHeader = "x-idempotency-failure-mode";

    public const string FailureModeClosed = "closed";

    public const string FailureModeOpen = "open";

    /// <summary>gRPC initial metadata with Envoy's ext_proc <c>message_timeout</c> in whole milliseconds: the service answers within it.</summary>
    public const string MessageTimeoutMetadataHeader = "x-idempotency-message-timeout-ms";

    /// <summary>
    /// Two instances of the ext_proc filter sit in every connection manager, both disabled by default; a route enables
    /// the one matching its rule's failure mode, because <c>failure_mode_allow</c> cannot be overridden per route.
    /// </summary>
    public const string FailClosedFilterName = "idempotency.fail-closed";

    public const string FailOpenFilterName = "idempotency.fail-open";

    /// <summary>Envoy's attribute telling an upstream answer (<c>via_upstream</c>) from a local reply (timeouts, resets, 503s).</summary>
    public const string ResponseCodeDetailsAttribute = "response.code_details";

    /// <summary>Key under which Envoy puts the attributes in <c>ProcessingRequest.attributes</c>.</summary>
    public const string AttributesKey = "envoy.filters.http.ext_proc";

    /// <summary>The envoy cluster name of the enforcement service.</summary>
    public const string ClusterName = "idempotency-enforcement";
}
