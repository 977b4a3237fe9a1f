using ControlPlane.Ir;
using ControlPlane.Translation.Tests.Support;

namespace ControlPlane.Translation.Tests;

public sealed class ValidationTests
{
    [Fact]
    public void Every_broken_reference_is_reported_at_once()
    {
        var routes = new[]
        {
            IrSamples.Route("a", upstream: "missing"),
            IrSamples.Route("a", bindings: IrSamples.Binding("unknown-rule")),
            IrSamples.Route("b", hosts: []),
        };
        var gateway = IrSamples.Gateway(routes) with
        {
            Listeners = [new ListenerIr("http", "0.0.0.0", 80, null, RequestIdIr.Default, "nowhere")],
        };

        var error = Assert.Throws<TranslationException>(() => EnvoyTranslator.Translate(gateway, IrSamples.NoRules()));

        Assert.Equal("edge", error.GatewayName);
        Assert.Equal(
            [
                "route name 'a' is used twice",
                "listener 'http' serves unknown route table 'nowhere'",
                "route 'a' sends to unknown upstream 'missing'",
                "route 'a' has idempotency rules but the gateway has no enforcement service",
                "route 'a' binds unknown idempotency rule 'unknown-rule'",
                "route 'b' has no hosts",
            ],
            error.Errors.AsEnumerable());
    }

    [Fact]
    public void A_method_bound_to_two_rules_is_refused()
    {
        var route = IrSamples.Route("r", bindings: [IrSamples.Binding("x", "POST"), IrSamples.Binding("y", "POST", "PUT")]);
        var rules = new Dictionary<string, IdempotencyRuleIr> { ["x"] = IrSamples.Rule("x"), ["y"] = IrSamples.Rule("y") };

        var error = Assert.Throws<TranslationException>(() => EnvoyTranslator.Translate(IrSamples.Gateway([route], IrSamples.Enforcement), rules));

        Assert.Equal(["route 'r' binds method POST to more than one rule"], error.Errors.AsEnumerable());
    }
}
