using ControlPlane.Translation.Routes;
using ControlPlane.Translation.Tests.Support;
using Envoy.Config.Route.V3;

namespace ControlPlane.Translation.Tests;

public sealed class VirtualHostTests
{
    [Fact]
    public void Routes_with_the_same_hosts_share_one_virtual_host_named_after_them()
    {
        var config = Translate(("a", ["api.example.com", "www.example.com"]), ("b", ["api.example.com", "www.example.com"]));

        var host = Assert.Single(config.VirtualHosts);
        Assert.Equal("api.example.com,www.example.com", host.Name);
        Assert.Equal(["api.example.com", "www.example.com"], host.Domains);
        Assert.Equal(["a", "b"], host.Routes.Select(r => r.Name));
    }

    [Fact]
    public void Catch_all_routes_also_serve_specific_hosts_in_declared_order()
    {
        var config = Translate(("first", ["*"]), ("api", ["api.example.com"]), ("last", ["*"]));

        Assert.Equal(["first", "api", "last"], RoutesOf(config, "api.example.com"));
        Assert.Equal(["first", "last"], RoutesOf(config, "*"));
    }

    [Fact]
    public void Suffix_wildcards_serve_the_hosts_they_cover()
    {
        var config = Translate(("tenant", ["*.example.com"]), ("api", ["api.example.com"]), ("other", ["api.example.org"]));

        Assert.Equal(["tenant", "api"], RoutesOf(config, "api.example.com"));
        Assert.Equal(["other"], RoutesOf(config, "api.example.org"));
        Assert.Equal(["tenant"], RoutesOf(config, "*.example.com"));
    }

    [Fact]
    public void No_domain_is_listed_twice_even_when_host_sets_overlap_or_differ_in_case()
    {
        var config = Translate(("a", ["a.example.com"]), ("ab", ["A.example.com", "b.example.com"]), ("b", ["b.example.com"]));

        var domains = config.VirtualHosts.SelectMany(v => v.Domains).ToList();
        Assert.Equal(domains.Count, domains.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(["a", "ab"], RoutesOf(config, "a.example.com"));
        Assert.Equal(["ab", "b"], RoutesOf(config, "b.example.com"));
    }

    [Theory]
    [InlineData("*", "anything.example.com", true)]
    [InlineData("api.example.com", "API.example.com", true)]
    [InlineData("*.example.com", "api.example.com", true)]
    [InlineData("*.example.com", "*.eu.example.com", true)]
    [InlineData("*.example.com", ".example.com", false)]
    [InlineData("*.example.com", "example.com", false)]
    [InlineData("api.*", "api.example.com", true)]
    [InlineData("api.example.com", "*", false)]
    [InlineData("*.example.com", "*", false)]
    public void Host_pattern_coverage(string pattern, string domain, bool covers)
    {
        Assert.Equal(covers, HostPatterns.Covers(pattern, domain));
    }

    private static RouteConfiguration Translate(params (string Name, string[] Hosts)[] routes) =>
        EnvoyTranslator.Translate(IrSamples.Gateway(routes.Select(r => IrSamples.Route(r.Name, hosts: r.Hosts))), IrSamples.NoRules())
            .SingleRouteConfiguration();

    private static IEnumerable<string> RoutesOf(RouteConfiguration config, string domain) =>
        config.VirtualHosts.Single(v => v.Domains.Contains(domain)).Routes.Select(r => r.Name);
}
