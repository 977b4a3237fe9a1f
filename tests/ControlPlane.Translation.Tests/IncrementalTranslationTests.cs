using ControlPlane.Ir;
using ControlPlane.Translation.Tests.Support;

namespace ControlPlane.Translation.Tests;

public sealed class IncrementalTranslationTests
{
    private static readonly FleetIr Fleet = GoldenCase.Named("virtual-hosts").Fleet;

    private static GatewayIr Gateway => Fleet.Gateways[0];

    private static Dictionary<string, IdempotencyRuleIr> Rules => Fleet.Rules.ToDictionary(r => r.Name);

    public static TheoryData<string> Edits => [.. EditsByName.Keys];

    private static Dictionary<string, Func<(GatewayIr, Dictionary<string, IdempotencyRuleIr>)>> EditsByName { get; } = new()
    {
        ["rule failure mode"] = () => (Gateway, WithRule(r => r with { FailureMode = FailureMode.Open })),
        ["rule key in body"] = () => (Gateway, WithRule(r => r with { Key = r.Key with { Location = KeyLocation.BodyField } })),
        ["route path"] = () => (WithRoute(0, r => r with { Path = new PathMatchIr(PathMatchKind.Exact, "/v2/orders") }), Rules),
        ["route removed"] = () => (Gateway with { RouteTables = [Gateway.RouteTables[0] with { Routes = [.. Gateway.RouteTables[0].Routes.Skip(1)] }, Gateway.RouteTables[1]] }, Rules),
        ["upstream endpoint"] = () => (Gateway with { Upstreams = [Gateway.Upstreams[0] with { Endpoints = [new EndpointIr("orders.internal", 80)] }] }, Rules),
        ["listener port"] = () => (Gateway with { Listeners = [Gateway.Listeners[0] with { Port = 8081 }, Gateway.Listeners[1]] }, Rules),
        ["enforcement timeout"] = () => (Gateway with { Enforcement = Gateway.Enforcement! with { MessageTimeout = TimeSpan.FromSeconds(1) } }, Rules),
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public void Retranslating_after_an_edit_gives_the_bytes_of_a_full_translation(string edit)
    {
        var (gateway, rules) = EditsByName[edit]();
        var translator = new IncrementalEnvoyTranslator();
        var before = translator.Translate(Gateway, Rules);

        var after = translator.Translate(gateway, rules);

        Assert.Equal(EnvoyTranslator.Translate(gateway, rules).SerializedByName(), after.SerializedByName());
        Assert.NotEqual(before.SerializedByName(), after.SerializedByName());
    }

    [Fact]
    public void A_rule_edit_replaces_only_the_route_configuration_using_it()
    {
        var translator = new IncrementalEnvoyTranslator();
        var before = translator.Translate(Gateway, Rules);

        var after = translator.Translate(Gateway, WithRule(r => r with { FailureMode = FailureMode.Open }));

        var replaced = after.All.Where(r => !before.All.Any(b => ReferenceEquals(b.Message, r.Message))).Select(r => r.Name);
        Assert.Equal(["edge/public"], replaced);
    }

    [Fact]
    public void Unchanged_input_returns_the_same_message_instances()
    {
        var translator = new IncrementalEnvoyTranslator();
        var before = translator.Translate(Gateway, Rules);

        // Equal by value but freshly read: memo hits must not depend on reference equality.
        var reread = GoldenCase.Named("virtual-hosts").Fleet;
        var after = translator.Translate(reread.Gateways[0], reread.Rules.ToDictionary(r => r.Name));

        Assert.All(after.All.Zip(before.All), pair => Assert.Same(pair.Second.Message, pair.First.Message));
    }

    [Fact]
    public void Pieces_the_latest_translation_did_not_use_are_dropped()
    {
        var translator = new IncrementalEnvoyTranslator();
        translator.Translate(Gateway, Rules);
        var full = translator.CachedPieceCount;

        translator.Translate(Gateway with { RouteTables = [Gateway.RouteTables[0] with { Routes = [Gateway.RouteTables[0].Routes[0]] }, Gateway.RouteTables[1]] }, Rules);

        Assert.Equal(full - 4, translator.CachedPieceCount);
    }

    [Fact]
    public void A_failed_translation_leaves_the_translator_usable()
    {
        var translator = new IncrementalEnvoyTranslator();
        translator.Translate(Gateway, Rules);

        Assert.Throws<TranslationException>(() => translator.Translate(Gateway, new Dictionary<string, IdempotencyRuleIr>()));
        var after = translator.Translate(Gateway, Rules);

        Assert.Equal(EnvoyTranslator.Translate(Gateway, Rules).SerializedByName(), after.SerializedByName());
    }

    [Fact]
    public void Forgetting_a_gateway_drops_its_pieces()
    {
        var translator = new IncrementalEnvoyTranslator();
        translator.Translate(Gateway, Rules);

        translator.Forget(Gateway.Name);

        Assert.Equal(0, translator.CachedPieceCount);
    }

    private static Dictionary<string, IdempotencyRuleIr> WithRule(Func<IdempotencyRuleIr, IdempotencyRuleIr> edit)
    {
        var rules = Rules;
        var rule = rules["create-order"];
        rules[rule.Name] = edit(rule);
        return rules;
    }

    private static GatewayIr WithRoute(int index, Func<RouteIr, RouteIr> edit)
    {
        var table = Gateway.RouteTables[0];
        var routes = table.Routes.AsImmutableArray().SetItem(index, edit(table.Routes[index]));
        return Gateway with { RouteTables = [table with { Routes = routes }, Gateway.RouteTables[1]] };
    }
}
