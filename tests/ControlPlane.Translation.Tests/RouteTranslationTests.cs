using ControlPlane.Ir;
using ControlPlane.Translation.Tests.Support;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using static Envoy.Extensions.Filters.Http.ExtProc.V3.ProcessingMode.Types;

namespace ControlPlane.Translation.Tests;

public sealed class RouteTranslationTests
{
    [Fact]
    public void Method_specific_route_comes_before_the_plain_route()
    {
        var (gateway, rules) = IrSamples.WithRules(IrSamples.Rule("orders"));
        var routes = EnvoyTranslator.Translate(gateway, rules).SingleRouteConfiguration().VirtualHosts.Single().Routes;

        Assert.Equal(["orders/idempotent/orders", "orders", "fallback"], routes.Select(r => r.Name));
        Assert.Empty(routes[1].TypedPerFilterConfig);
        Assert.Empty(routes[2].TypedPerFilterConfig);
        Assert.Equal(routes[0].Match.Prefix, routes[1].Match.Prefix);
    }

    [Fact]
    public void One_method_is_matched_exactly_and_several_by_a_sorted_anchored_regex()
    {
        var single = Assert.Single(RouteMatchHeaders("POST"));
        var several = Assert.Single(RouteMatchHeaders("PUT", "PATCH", "POST"));

        Assert.Equal(":method", single.Name);
        Assert.Equal("POST", single.StringMatch.Exact);
        Assert.Equal("^(PATCH|POST|PUT)$", several.StringMatch.SafeRegex.Regex);
        Assert.Null(several.StringMatch.SafeRegex.GoogleRe2);
    }

    [Fact]
    public void Method_tokens_with_punctuation_are_escaped()
    {
        var matcher = Assert.Single(RouteMatchHeaders("M-SEARCH", "X.CUSTOM"));

        Assert.Equal(@"^(M\-SEARCH|X\.CUSTOM)$", matcher.StringMatch.SafeRegex.Regex);
    }

    [Theory]
    [InlineData(KeyLocation.Header, false, BodySendMode.None)]
    [InlineData(KeyLocation.BodyField, false, BodySendMode.Buffered)]
    [InlineData(KeyLocation.Header, true, BodySendMode.Buffered)]
    public void Per_route_processing_mode_sets_all_six_fields(KeyLocation key, bool bodyFingerprint, BodySendMode requestBody)
    {
        var rule = IrSamples.Rule("orders", key: key) with { Fingerprint = new FingerprintIr(bodyFingerprint, [], Query: false) };
        var mode = IdempotentRoute(rule).PerRoute(EnforcementContract.FailClosedFilterName).Overrides.ProcessingMode;

        Assert.Equal(HeaderSendMode.Send, mode.RequestHeaderMode);
        Assert.Equal(HeaderSendMode.Send, mode.ResponseHeaderMode);
        Assert.Equal(requestBody, mode.RequestBodyMode);
        Assert.Equal(BodySendMode.Buffered, mode.ResponseBodyMode);
        Assert.Equal(HeaderSendMode.Skip, mode.RequestTrailerMode);
        Assert.Equal(HeaderSendMode.Skip, mode.ResponseTrailerMode);
    }

    [Theory]
    [InlineData(FailureMode.Closed, EnforcementContract.FailClosedFilterName)]
    [InlineData(FailureMode.Open, EnforcementContract.FailOpenFilterName)]
    public void Per_route_config_is_keyed_by_the_filter_of_the_rules_failure_mode(FailureMode mode, string filterName)
    {
        var route = IdempotentRoute(IrSamples.Rule("orders", mode));

        Assert.Equal([filterName], route.TypedPerFilterConfig.Keys);
    }

    [Fact]
    public void Rule_route_failure_mode_and_message_timeout_travel_as_grpc_initial_metadata_in_value()
    {
        var metadata = IdempotentRoute(IrSamples.Rule("orders")).PerRoute(EnforcementContract.FailClosedFilterName).Overrides.GrpcInitialMetadata;

        Assert.Equal(
            [EnforcementContract.RuleMetadataHeader, EnforcementContract.RouteMetadataHeader, EnforcementContract.FailureModeMetadataHeader, EnforcementContract.MessageTimeoutMetadataHeader],
            metadata.Select(h => h.Key));
        Assert.Equal(["orders", "orders", "closed"], metadata.Take(3).Select(h => h.Value));
        Assert.All(metadata, h => Assert.True(h.RawValue.IsEmpty));
    }

    [Theory]
    [InlineData(FailureMode.Closed, "closed")]
    [InlineData(FailureMode.Open, "open")]
    public void The_failure_mode_travels_with_the_route_so_a_service_without_the_rule_still_applies_it(FailureMode mode, string expected)
    {
        var filter = mode == FailureMode.Open ? EnforcementContract.FailOpenFilterName : EnforcementContract.FailClosedFilterName;
        var metadata = IdempotentRoute(IrSamples.Rule("orders", mode)).PerRoute(filter).Overrides.GrpcInitialMetadata;

        Assert.Equal(expected, metadata.Single(h => h.Key == EnforcementContract.FailureModeMetadataHeader).Value);
    }

    [Fact]
    public void The_gateways_message_timeout_travels_with_the_route_in_milliseconds()
    {
        var (gateway, rules) = IrSamples.WithRules(IrSamples.Rule("orders"));
        gateway = gateway with { Enforcement = gateway.Enforcement! with { MessageTimeout = TimeSpan.FromMilliseconds(350) } };
        var route = EnvoyTranslator.Translate(gateway, rules).SingleRouteConfiguration().VirtualHosts.Single().Routes[0];

        var metadata = route.PerRoute(EnforcementContract.FailClosedFilterName).Overrides.GrpcInitialMetadata;

        Assert.Equal("350", metadata.Single(h => h.Key == EnforcementContract.MessageTimeoutMetadataHeader).Value);
    }

    [Fact]
    public void Every_per_route_filter_name_exists_in_each_connection_manager_serving_the_route_configuration()
    {
        var checkedKeys = 0;
        foreach (var resources in GoldenCase.All().SelectMany(c => c.TranslateAll()))
        {
            foreach (var entry in resources.RouteConfigurations)
            {
                var managers = resources.Listeners.Select(l => ((Listener)l.Message).ConnectionManager()).Where(m => m.Rds.RouteConfigName == entry.Name).ToList();
                var keys = ((RouteConfiguration)entry.Message).VirtualHosts.SelectMany(v => v.Routes).SelectMany(r => r.TypedPerFilterConfig.Keys);
                foreach (var key in keys)
                {
                    Assert.All(managers, m => Assert.Contains(key, m.HttpFilters.Select(f => f.Name)));
                    checkedKeys++;
                }
            }
        }

        Assert.True(checkedKeys > 0, "the golden cases should contain idempotent routes");
    }

    [Fact]
    public void Host_ports_are_ignored_and_clusters_are_not_validated_by_envoy()
    {
        var config = EnvoyTranslator.Translate(IrSamples.Gateway([IrSamples.Route("all")]), IrSamples.NoRules()).SingleRouteConfiguration();

        Assert.True(config.IgnorePortInHostMatching);
        Assert.False(config.ValidateClusters);
    }

    [Fact]
    public void Action_sends_to_the_upstream_cluster_with_the_route_timeout()
    {
        var route = IrSamples.Route("orders") with { Timeout = TimeSpan.FromSeconds(7) };
        var resources = EnvoyTranslator.Translate(IrSamples.Gateway([route, IrSamples.Route("other")]), IrSamples.NoRules());

        Assert.Equal("edge/orders", resources.RouteNamed("orders").Route_.Cluster);
        Assert.Equal(TimeSpan.FromSeconds(7), resources.RouteNamed("orders").Route_.Timeout.ToTimeSpan());
        Assert.Null(resources.RouteNamed("other").Route_.Timeout);
    }

    [Theory]
    [InlineData(PathMatchKind.Exact, RouteMatch.PathSpecifierOneofCase.Path)]
    [InlineData(PathMatchKind.Prefix, RouteMatch.PathSpecifierOneofCase.Prefix)]
    [InlineData(PathMatchKind.Regex, RouteMatch.PathSpecifierOneofCase.SafeRegex)]
    public void Path_kinds_map_to_envoy_path_specifiers(PathMatchKind kind, RouteMatch.PathSpecifierOneofCase expected)
    {
        var route = IrSamples.Route("r") with { Path = new PathMatchIr(kind, "/v1/x") };
        var match = EnvoyTranslator.Translate(IrSamples.Gateway([route]), IrSamples.NoRules()).RouteNamed("r").Match;

        Assert.Equal(expected, match.PathSpecifierCase);
    }

    [Fact]
    public void Header_matchers_use_string_match_or_present_match_with_inversion()
    {
        HeaderMatchIr[] headers =
        [
            new("a", HeaderMatchKind.Exact, "1", false),
            new("b", HeaderMatchKind.Prefix, "p", true),
            new("c", HeaderMatchKind.Regex, "^x+$", false),
            new("d", HeaderMatchKind.Present, "ignored", true),
        ];
        var route = IrSamples.Route("r") with { Headers = [.. headers] };
        var matchers = EnvoyTranslator.Translate(IrSamples.Gateway([route]), IrSamples.NoRules()).RouteNamed("r").Match.Headers;

        Assert.Equal("1", matchers[0].StringMatch.Exact);
        Assert.Equal("p", matchers[1].StringMatch.Prefix);
        Assert.Equal("^x+$", matchers[2].StringMatch.SafeRegex.Regex);
        Assert.True(matchers[3].PresentMatch);
        Assert.Equal([false, true, false, true], matchers.Select(m => m.InvertMatch));
    }

    private static IEnumerable<HeaderMatcher> RouteMatchHeaders(params string[] methods)
    {
        var rule = IrSamples.Rule("orders", methods: methods);
        return IdempotentRoute(rule).Match.Headers;
    }

    private static Route IdempotentRoute(IdempotencyRuleIr rule)
    {
        var (gateway, rules) = IrSamples.WithRules(rule);
        return EnvoyTranslator.Translate(gateway, rules).RouteNamed($"{rule.Name}/idempotent/{rule.Name}");
    }
}
