using System.Text;
using ControlPlane.Enforcement.Keys;
using ControlPlane.Enforcement.Tests.Infrastructure;
using ControlPlane.Ir;

namespace ControlPlane.Enforcement.Tests.Keys;

public sealed class RequestFingerprintTests
{
    [Fact]
    public void Body_fingerprint_follows_the_body_bytes_only()
    {
        var rule = TestRules.Create().Compile();

        Assert.Equal(Compute(rule, "/p?a=1", "{}", ("x-a", "1")), Compute(rule, "/p?a=2", "{}", ("x-a", "2")));
        Assert.NotEqual(Compute(rule, "/p", "{}"), Compute(rule, "/p", "{ }"));
    }

    [Fact]
    public void Header_fingerprint_follows_the_chosen_headers_and_their_presence()
    {
        var rule = (TestRules.Create() with { Fingerprint = new FingerprintIr(false, ["x-amount"], false) }).Compile();

        Assert.Equal(Compute(rule, "/p", "a", ("x-amount", "1"), ("x-other", "1")), Compute(rule, "/p", "b", ("x-amount", "1"), ("x-other", "2")));
        Assert.NotEqual(Compute(rule, "/p", "", ("x-amount", "1")), Compute(rule, "/p", "", ("x-amount", "2")));
        Assert.NotEqual(Compute(rule, "/p", ""), Compute(rule, "/p", "", ("x-amount", "")));
    }

    [Fact]
    public void Query_fingerprint_reads_the_query_of_the_path()
    {
        var rule = (TestRules.Create() with { Fingerprint = new FingerprintIr(false, [], true) }).Compile();

        Assert.Equal(Compute(rule, "/a?x=1", ""), Compute(rule, "/b?x=1#frag", ""));
        Assert.NotEqual(Compute(rule, "/a?x=1", ""), Compute(rule, "/a?x=2", ""));
        Assert.NotEqual(Compute(rule, "/a", ""), Compute(rule, "/a?", ""));
    }

    [Fact]
    public void Nothing_chosen_gives_one_constant_fingerprint()
    {
        var rule = (TestRules.Create() with { Fingerprint = new FingerprintIr(false, [], false) }).Compile();

        Assert.Equal(Compute(rule, "/a?x=1", "one"), Compute(rule, "/b", "two"));
    }

    private static string Compute(ControlPlane.Enforcement.Rules.CompiledRule rule, string path, string body, params (string, string)[] headers) =>
        RequestFingerprint.Compute(rule, Headers.View([(":path", path), .. headers]), Encoding.UTF8.GetBytes(body));
}
