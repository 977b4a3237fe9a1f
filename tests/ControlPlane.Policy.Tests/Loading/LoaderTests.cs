using ControlPlane.Ir;

namespace ControlPlane.Policy.Tests.Loading;

public sealed class LoaderTests
{
    [Fact]
    public void In_memory_files_keep_their_paths_in_diagnostics()
    {
        var result = PolicyLoader.Load(
        [
            new PolicySourceFile("team-a/gateway.yaml", PolicyText.Gateway("public")),
            new PolicySourceFile("team-b/policy.yaml", PolicyText.Policy("orders", "public", route: "missing")),
        ]);

        Assert.Null(result.Fleet);
        Assert.Equal<string>(["team-a/gateway.yaml", "team-b/policy.yaml"], result.Files);
        Assert.Equal(
            "team-b/policy.yaml:7:12: spec.routes[0]: route 'missing' is not defined in gateway 'public'",
            Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Any_error_anywhere_withholds_the_whole_fleet()
    {
        var result = PolicyLoader.Load(
        [
            new PolicySourceFile("a.yaml", PolicyText.Gateway("a")),
            new PolicySourceFile("b.yaml", PolicyText.Gateway("b") + "---\nkind: Gateway\n"),
        ]);

        Assert.False(result.IsValid);
        Assert.Null(result.Fleet);
        Assert.Equal(3, result.Errors.Length);
    }

    [Fact]
    public void The_same_path_twice_is_an_error()
    {
        var result = PolicyLoader.Load(
        [
            new PolicySourceFile("a.yaml", PolicyText.Gateway("a")),
            new PolicySourceFile("a.yaml", PolicyText.Gateway("a")),
        ]);

        Assert.Equal("a.yaml: the same file path was given more than once", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Enforcement_is_set_only_on_gateways_that_policies_target()
    {
        var result = PolicyLoader.Load(
        [
            new PolicySourceFile("gateways.yaml", PolicyText.Gateway("targeted") + "---\n" + PolicyText.Gateway("plain")),
            new PolicySourceFile("policy.yaml", PolicyText.Policy("orders", "targeted")),
        ]);

        var gateways = result.Fleet!.Gateways.ToDictionary(g => g.Name);
        Assert.Null(gateways["plain"].Enforcement);
        var enforcement = gateways["targeted"].Enforcement!;
        Assert.Equal("127.0.0.1:18001", Assert.Single(enforcement.Endpoints).ToString());
        Assert.Equal(TimeSpan.FromMilliseconds(200), enforcement.MessageTimeout);
        Assert.Equal(TimeSpan.FromSeconds(15), enforcement.MaxMessageTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), enforcement.ConnectTimeout);
    }

    [Fact]
    public void Listeners_share_one_route_table_named_after_the_gateway()
    {
        var yaml = PolicyText.Gateway("public").Replace("port: 8080\n", "port: 8080\n    - name: alt\n      port: 8081\n", StringComparison.Ordinal);

        var gateway = Assert.Single(PolicyLoader.Load([new PolicySourceFile("g.yaml", yaml)]).Fleet!.Gateways);

        Assert.Equal<string>(["http", "alt"], gateway.Listeners.Select(l => l.Name));
        Assert.All(gateway.Listeners, l => Assert.Equal("public", l.RouteTableName));
        Assert.Equal("public", Assert.Single(gateway.RouteTables).Name);
    }

    [Fact]
    public void Bindings_list_each_policy_with_its_methods()
    {
        var result = PolicyLoader.Load(
        [
            new PolicySourceFile("g.yaml", PolicyText.Gateway("public")),
            new PolicySourceFile("p.yaml", PolicyText.Policy("writes", "public", methods: "[put, POST]") + "---\n" + PolicyText.Policy("deletes", "public", methods: "[DELETE]")),
        ]);

        var route = Assert.Single(Assert.Single(result.Fleet!.Gateways).RouteTables[0].Routes);
        Assert.Equal(
            ["deletes:DELETE", "writes:POST,PUT"],
            route.Idempotency.Select(b => $"{b.RuleName}:{string.Join(",", b.Methods)}"));
        Assert.Equal<string>(["deletes", "writes"], result.Fleet.Rules.Select(r => r.Name));
    }
}
