using System.Collections.Immutable;
using ControlPlane.Ir;

namespace ControlPlane.Benchmarks;

/// <summary>
/// A large, realistic gateway: two listeners, a 75/25 split of routes over two route tables, ten host names, one
/// rule per few routes (some bound to two methods), and upstreams mixing EDS, DNS and HTTP/2.
/// </summary>
internal static class TranslationBenchmarkFleet
{
    /// <returns>The rules as the host passes them: a plain dictionary (see <c>EnvoyTranslator.RulesByName</c>).</returns>
    public static (GatewayIr Gateway, Dictionary<string, IdempotencyRuleIr> Rules) Build(int routeCount, int ruleCount, int upstreamCount)
    {
        var rules = Enumerable.Range(0, ruleCount).Select(Rule).ToDictionary(r => r.Name, StringComparer.Ordinal);
        var upstreams = Enumerable.Range(0, upstreamCount).Select(Upstream).ToEquatableArray();
        var publicCount = routeCount * 3 / 4;
        var routes = Enumerable.Range(0, routeCount).Select(i => Route(i, ruleCount, upstreamCount)).ToArray();

        var gateway = new GatewayIr(
            "bench",
            [
                new ListenerIr("public", "0.0.0.0", 8080, 2 << 20, RequestIdIr.Default, "public"),
                new ListenerIr("partner", "0.0.0.0", 8443, null, RequestIdIr.Default, "partner"),
            ],
            [
                new RouteTableIr("public", routes[..publicCount].ToEquatableArray()),
                new RouteTableIr("partner", routes[publicCount..].ToEquatableArray()),
            ],
            upstreams,
            new EnforcementServiceIr([new EndpointIr("10.0.0.50", 9191)], TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5)));
        return (gateway, rules);
    }

    /// <summary>
    /// The edit the incremental benchmark applies: the key moves into the body, so the route must now buffer the
    /// request body. The rule has no body fingerprint, so the processing mode really changes.
    /// </summary>
    public static IdempotencyRuleIr Edit(IdempotencyRuleIr rule) =>
        rule with { Key = rule.Key with { Location = rule.Key.Location == KeyLocation.Header ? KeyLocation.BodyField : KeyLocation.Header } };

    /// <summary>Bound to one route of the large (public) route table.</summary>
    public static string EditedRuleName => "rule-00001";

    private static IdempotencyRuleIr Rule(int i) => new(
        $"rule-{i:D5}",
        ["POST", "PUT"],
        new KeySourceIr(KeyLocation.Header, "idempotency-key", Required: true, MaxLength: 128, AllowedCharacters: null),
        ["x-tenant-id"],
        TimeSpan.FromHours(24),
        new FingerprintIr(Body: i % 3 == 0, ["content-type"], Query: false),
        new InFlightIr(InFlightMode.Reject, TimeSpan.Zero, TimeSpan.FromSeconds(1)),
        TimeSpan.FromSeconds(30),
        [2],
        1 << 20,
        i % 4 == 0 ? FailureMode.Open : FailureMode.Closed,
        "idempotent-replayed");

    private static UpstreamIr Upstream(int i) => new(
        $"upstream-{i:D3}",
        i % 5 == 0
            ? [new EndpointIr($"svc-{i}.internal", 8080)]
            : [new EndpointIr($"10.1.{i / 250}.{i % 250 + 1}", 8080), new EndpointIr($"10.2.{i / 250}.{i % 250 + 1}", 8080)],
        TimeSpan.FromSeconds(2),
        Http2: i % 10 == 0);

    /// <summary>Every fifth route is idempotent (rules wrap around); every tenth of those binds a second rule to PUT.</summary>
    private static RouteIr Route(int i, int ruleCount, int upstreamCount)
    {
        var bindings = ImmutableArray<IdempotencyBindingIr>.Empty;
        if (i % 5 == 0 && ruleCount > 0)
        {
            var rule = i / 5 % ruleCount;
            bindings = i % 50 == 0 && ruleCount > 1
                ? [new($"rule-{rule:D5}", ["POST"]), new($"rule-{(rule + 1) % ruleCount:D5}", ["PUT"])]
                : [new($"rule-{rule:D5}", ["POST"])];
        }

        return new RouteIr(
            $"route-{i:D5}",
            [$"api{i % 10}.example.com"],
            i % 7 == 0 ? new PathMatchIr(PathMatchKind.Regex, $"^/v1/r{i}/[^/]+$") : new PathMatchIr(PathMatchKind.Prefix, $"/v1/r{i}/"),
            i % 3 == 0 ? [new HeaderMatchIr("x-api-version", HeaderMatchKind.Exact, "2", Invert: false)] : [],
            $"upstream-{i % upstreamCount:D3}",
            i % 2 == 0 ? TimeSpan.FromSeconds(10) : null,
            bindings);
    }
}
