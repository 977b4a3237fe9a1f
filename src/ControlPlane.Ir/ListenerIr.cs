namespace ControlPlane.Ir;

/// <param name="Name">Unique within the gateway; the Envoy listener name is derived from it.</param>
/// <param name="BindAddress">IP to bind, e.g. <c>0.0.0.0</c>.</param>
/// <param name="PerConnectionBufferLimitBytes">Null keeps Envoy's default (1 MiB).</param>
/// <param name="RouteTableName">The <see cref="RouteTableIr.Name"/> this listener serves.</param>
public sealed record ListenerIr(
    string Name,
    string BindAddress,
    int Port,
    uint? PerConnectionBufferLimitBytes,
    RequestIdIr RequestId,
    string RouteTableName);

/// <summary>How the gateway treats <c>x-request-id</c>.</summary>
public sealed record RequestIdIr(bool Generate, bool PreserveExternal, bool ReturnInResponse)
{
    public static RequestIdIr Default { get; } = new(Generate: true, PreserveExternal: false, ReturnInResponse: false);
}
