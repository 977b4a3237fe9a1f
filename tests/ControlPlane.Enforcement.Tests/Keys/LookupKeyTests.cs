using ControlPlane.Enforcement.Keys;
using ControlPlane.Enforcement.Tests.Infrastructure;

namespace ControlPlane.Enforcement.Tests.Keys;

public sealed class LookupKeyTests
{
    private static readonly ControlPlane.Enforcement.Rules.CompiledRule Rule =
        (TestRules.Create() with { ScopeHeaders = ["x-tenant-id", "x-user"] }).Compile();

    [Fact]
    public void Is_a_bounded_hash_stable_for_the_same_inputs()
    {
        var a = LookupKey.Compute(Rule, Headers.View(("x-tenant-id", "t1")), new string('k', 255));
        var b = LookupKey.Compute(Rule, Headers.View(("x-tenant-id", "t1")), new string('k', 255));

        Assert.Equal(a, b);
        Assert.Equal(64, a.Length);
    }

    [Fact]
    public void Differs_by_rule_scope_and_key()
    {
        var keys = new[]
        {
            LookupKey.Compute(Rule, Headers.View(("x-tenant-id", "t1")), "k"),
            LookupKey.Compute(Rule, Headers.View(("x-tenant-id", "t2")), "k"),
            LookupKey.Compute(Rule, Headers.View(("x-tenant-id", "t1")), "k2"),
            LookupKey.Compute((TestRules.Create("other") with { ScopeHeaders = Rule.Ir.ScopeHeaders }).Compile(), Headers.View(("x-tenant-id", "t1")), "k"),
        };

        Assert.Equal(keys.Length, keys.Distinct().Count());
    }

    [Fact]
    public void An_absent_scope_header_differs_from_an_empty_one_and_values_cannot_shift_between_fields()
    {
        var keys = new[]
        {
            LookupKey.Compute(Rule, Headers.View(), "k"),
            LookupKey.Compute(Rule, Headers.View(("x-tenant-id", "")), "k"),
            LookupKey.Compute(Rule, Headers.View(("x-user", "")), "k"),
            LookupKey.Compute(Rule, Headers.View(("x-tenant-id", "ab"), ("x-user", "c")), "k"),
            LookupKey.Compute(Rule, Headers.View(("x-tenant-id", "a"), ("x-user", "bc")), "k"),
            LookupKey.Compute(Rule, Headers.View(("x-tenant-id", "a,b")), "k"),
            LookupKey.Compute(Rule, Headers.View(("x-tenant-id", "a"), ("x-tenant-id", "b")), "k"),
        };

        Assert.Equal(keys.Length, keys.Distinct().Count());
    }
}
