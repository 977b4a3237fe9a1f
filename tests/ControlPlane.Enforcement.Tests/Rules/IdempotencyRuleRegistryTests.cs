using ControlPlane.Enforcement.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ControlPlane.Enforcement.Tests.Rules;

public sealed class IdempotencyRuleRegistryTests
{
    private readonly IdempotencyRuleRegistry _registry = new(Options.Create(new EnforcementOptions()), NullLogger<IdempotencyRuleRegistry>.Instance);

    [Fact]
    public void Update_replaces_the_whole_set()
    {
        _registry.Update([TestRules.Create("a"), TestRules.Create("b")]);
        _registry.Update([TestRules.Create("b"), TestRules.Create("c")]);

        Assert.Equal(2, _registry.Count);
        Assert.False(_registry.TryGet("a", out _));
        Assert.True(_registry.TryGet("c", out var rule));
        Assert.Equal("c", rule.Name);
    }

    [Fact]
    public void A_bad_set_is_refused_whole_and_the_previous_rules_stay()
    {
        _registry.Update([TestRules.Create("a")]);
        var badPattern = TestRules.Create("b") with { Key = TestRules.Create().Key with { AllowedCharacters = "[unclosed" } };

        var error = Assert.Throws<ArgumentException>(() => _registry.Update([badPattern, TestRules.Create("c"), TestRules.Create("c")]));

        Assert.Contains("rule 'b'", error.Message, StringComparison.Ordinal);
        Assert.Contains("rule 'c': defined more than once", error.Message, StringComparison.Ordinal);
        Assert.True(_registry.TryGet("a", out _));
        Assert.Equal(1, _registry.Count);
    }

    [Fact]
    public void The_grpc_receive_limit_fits_the_largest_body_with_a_4_mib_floor()
    {
        Assert.Equal(4 * 1024 * 1024, GrpcMessageLimits.ForLargestBody(0));
        Assert.Equal(4 * 1024 * 1024, GrpcMessageLimits.ForLargestBody(1024 * 1024));
        Assert.Equal((16 * 1024 * 1024) + GrpcMessageLimits.Headroom, GrpcMessageLimits.ForLargestBody(16 * 1024 * 1024));
        Assert.Equal(int.MaxValue, GrpcMessageLimits.ForLargestBody(long.MaxValue / 2));
        Assert.True(GrpcMessageLimits.LargestBodyThatFits(GrpcMessageLimits.ForLargestBody(9_000_000)) >= 9_000_000);
    }
}
