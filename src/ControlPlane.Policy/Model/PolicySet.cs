using System.Collections.Immutable;

namespace ControlPlane.Policy.Model;

/// <summary>Every document read in one load, in file order.</summary>
internal sealed record PolicySet(ImmutableArray<GatewayModel> Gateways, ImmutableArray<PolicyModel> Policies);
