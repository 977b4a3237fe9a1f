using System.Collections.Immutable;

namespace ControlPlane.Ir;

/// <param name="Name">Unique within the gateway.</param>
/// <param name="Endpoints">At least one.</param>
public sealed record UpstreamIr(string Name, EquatableArray<EndpointIr> Endpoints, TimeSpan ConnectTimeout, bool Http2);

/// <summary>A backend address. <see cref="Host"/> is an IP literal or a DNS name.</summary>
public sealed record EndpointIr(string Host, int Port)
{
    public bool IsIpLiteral => System.Net.IPAddress.TryParse(Host, out _);

    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}

/// <summary>The ext_proc idempotency service as the gateway reaches it.</summary>
/// <param name="MessageTimeout">How long Envoy waits for each ext_proc answer.</param>
/// <param name="MaxMessageTimeout">Upper bound the service may extend a single answer to (for <c>inFlight: wait</c>).</param>
/// <param name="Tls">TLS to the service (<c>enforcement.tls</c>); plain h2c when null.</param>
public sealed record EnforcementServiceIr(
    EquatableArray<EndpointIr> Endpoints,
    TimeSpan ConnectTimeout,
    TimeSpan MessageTimeout,
    TimeSpan MaxMessageTimeout,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] UpstreamTlsIr? Tls = null);
