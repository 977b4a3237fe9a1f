using ControlPlane.Hosting.Tls;

namespace ControlPlane.Tests.Tls;

/// <summary>The identity map: SAN templates with <c>*</c> and captures, <c>{gateway}</c> bound to <c>node.cluster</c>.</summary>
public sealed class SanTemplateTests
{
    private static readonly CertificateIdentities Identities = new(
    [
        new TlsIdentityOptions { San = "spiffe://*/ns/{namespace}/sa/{gateway}-envoy" },
        new TlsIdentityOptions { San = "ops.example.test", Gateways = ["internal", "public"] },
        new TlsIdentityOptions { San = "spiffe://cluster.local/ns/platform/sa/admin", Gateways = ["*"] },
    ]);

    [Theory]
    [InlineData("spiffe://cluster.local/ns/edge/sa/public-envoy", "public", true)]
    [InlineData("spiffe://other.domain/ns/x/sa/public-envoy", "public", true)]
    [InlineData("spiffe://cluster.local/ns/edge/sa/public-envoy", "internal", false)]
    [InlineData("spiffe://cluster.local/ns/edge/sa/my-public-envoy", "public", false)]
    [InlineData("spiffe://cluster.local/ns/edge/sa/public-envoy-2", "public", false)]
    [InlineData("spiffe://cluster.local/ns/a/b/sa/public-envoy", "public", false)]
    [InlineData("spiffe://cluster.local/ns/edge/sa/a/public-envoy", "a/public", false)]
    [InlineData("SPIFFE://cluster.local/ns/edge/sa/public-envoy", "public", false)]
    [InlineData("ops.example.test", "internal", true)]
    [InlineData("ops.example.test", "billing", false)]
    [InlineData("xops.example.test", "internal", false)]
    [InlineData("spiffe://cluster.local/ns/platform/sa/admin", "anything", true)]
    public void A_san_allows_the_groups_its_entry_names(string san, string group, bool allowed) =>
        Assert.Equal(allowed, Identities.Allows([san], group));

    [Fact]
    public void Any_san_of_the_certificate_may_match_and_none_allows_nothing()
    {
        Assert.True(Identities.Allows(["dns.example", "ops.example.test"], "public"));
        Assert.False(Identities.Allows([], "public"));
        Assert.False(Identities.AllowsAny(["spiffe://cluster.local/ns/edge/sa/batch"]));
        Assert.True(Identities.AllowsAny(["spiffe://cluster.local/ns/edge/sa/billing-envoy"]));
    }

    [Fact]
    public void The_uri_and_dns_sans_are_read_from_the_certificate()
    {
        var ca = TestPki.CreateCa("ca");
        var certificate = TestPki.Issue(ca, uris: ["spiffe://td/ns/n/sa/s"], dns: ["a.example", "b.example"]);

        Assert.Equal(["spiffe://td/ns/n/sa/s", "a.example", "b.example"], SubjectAltNames.Of(certificate));
        Assert.Empty(SubjectAltNames.Of(ca));
    }
}
