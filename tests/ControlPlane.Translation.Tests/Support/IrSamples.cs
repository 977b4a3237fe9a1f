using ControlPlane.Ir;

namespace ControlPlane.Translation.Tests.Support;

/// <summary>Small IR values for unit tests; each test changes only what it is about (with <c>with</c>).</summary>
internal static class IrSamples
{
    public static readonly EnforcementServiceIr Enforcement = new(
        [new EndpointIr("10.0.0.50", 9191)], TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));

    public static IdempotencyRuleIr Rule(string name, FailureMode failureMode = FailureMode.Closed, KeyLocation key = KeyLocation.Header, params string[] methods) => new(
        name,
        methods.Length == 0 ? ["POST"] : [.. methods],
        new KeySourceIr(key, key == KeyLocation.Header ? "idempotency-key" : "reference", Required: true, MaxLength: 128, AllowedCharacters: null),
        ["x-tenant-id"],
        TimeSpan.FromHours(24),
        new FingerprintIr(Body: false, [], Query: false),
        new InFlightIr(InFlightMode.Reject, TimeSpan.Zero, TimeSpan.FromSeconds(1)),
        TimeSpan.FromSeconds(30),
        [2],
        1 << 20,
        failureMode,
        "idempotent-replayed");

    public static RouteIr Route(string name, string path = "/", string upstream = "orders", string[]? hosts = null, params IdempotencyBindingIr[] bindings) => new(
        name,
        hosts is null ? ["*"] : [.. hosts],
        new PathMatchIr(PathMatchKind.Prefix, path),
        [],
        upstream,
        Timeout: null,
        [.. bindings]);

    public static IdempotencyBindingIr Binding(string rule, params string[] methods) => new(rule, methods.Length == 0 ? ["POST"] : [.. methods]);

    public static UpstreamIr Upstream(string name = "orders", string host = "10.0.1.10", bool http2 = false) =>
        new(name, [new EndpointIr(host, 8080)], TimeSpan.FromSeconds(2), http2);

    public static GatewayIr Gateway(IEnumerable<RouteIr> routes, EnforcementServiceIr? enforcement = null, params UpstreamIr[] upstreams) => new(
        "edge",
        [new ListenerIr("http", "0.0.0.0", 8080, null, RequestIdIr.Default, "main")],
        [new RouteTableIr("main", [.. routes])],
        upstreams.Length == 0 ? [Upstream()] : [.. upstreams],
        enforcement);

    /// <summary>A gateway with one idempotent route per rule, plus a plain route.</summary>
    public static (GatewayIr Gateway, Dictionary<string, IdempotencyRuleIr> Rules) WithRules(params IdempotencyRuleIr[] rules)
    {
        var routes = rules.Select(r => Route(r.Name, "/v1/" + r.Name, bindings: Binding(r.Name, [.. r.Methods])))
            .Append(Route("fallback"));
        return (Gateway(routes, Enforcement), rules.ToDictionary(r => r.Name));
    }

    public static Dictionary<string, IdempotencyRuleIr> NoRules() => [];
}
