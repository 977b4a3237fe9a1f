using System.Collections.Immutable;
using ControlPlane.Enforcement.Rules;
using ControlPlane.Ir;

namespace ControlPlane.Enforcement.Tests.Infrastructure;

/// <summary>Rules for tests: a POST rule keyed by the <c>idempotency-key</c> header; vary it with <c>with</c>.</summary>
internal static class TestRules
{
    public static IdempotencyRuleIr Create(string name = "payments") => new(
        Name: name,
        Methods: ["POST", "PATCH"],
        Key: new KeySourceIr(KeyLocation.Header, "idempotency-key", Required: true, MaxLength: 255, AllowedCharacters: null),
        ScopeHeaders: ["x-tenant-id"],
        Ttl: TimeSpan.FromHours(24),
        Fingerprint: new FingerprintIr(Body: true, Headers: [], Query: false),
        InFlight: new InFlightIr(InFlightMode.Reject, MaxWait: TimeSpan.Zero, RetryAfter: TimeSpan.FromSeconds(1.5)),
        Lease: TimeSpan.FromSeconds(90),
        StoredStatusClasses: [2, 4],
        MaxBodyBytes: 64 * 1024,
        FailureMode: FailureMode.Closed,
        ReplayHeader: "idempotent-replayed");

    public static IdempotencyRuleIr WithBodyKey(this IdempotencyRuleIr rule, string path, bool required = true) =>
        rule with { Key = rule.Key with { Location = KeyLocation.BodyField, Name = path, Required = required } };

    public static IdempotencyRuleIr Waiting(this IdempotencyRuleIr rule, TimeSpan maxWait) =>
        rule with { InFlight = rule.InFlight with { Mode = InFlightMode.Wait, MaxWait = maxWait } };

    public static IdempotencyRuleIr Optional(this IdempotencyRuleIr rule) => rule with { Key = rule.Key with { Required = false } };

    public static CompiledRule Compile(this IdempotencyRuleIr rule) => new(rule);

    public static ImmutableArray<IdempotencyRuleIr> Many(params IdempotencyRuleIr[] rules) => [.. rules];
}
