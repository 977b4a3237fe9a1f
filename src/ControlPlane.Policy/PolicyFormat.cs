namespace ControlPlane.Policy;

/// <summary>Constants of the policy file format.</summary>
public static class PolicyFormat
{
    /// <summary>The one <c>apiVersion</c> every document carries.</summary>
    public const string ApiVersion = "idempotency.gateway/v1alpha1";

    public const string GatewayKind = "Gateway";

    public const string IdempotencyPolicyKind = "IdempotencyPolicy";

    /// <summary>Where gateways reach the enforcement service when <c>spec.enforcement</c> names no address: the embedded one.</summary>
    public const string DefaultEnforcementAddress = "127.0.0.1:18001";
}
