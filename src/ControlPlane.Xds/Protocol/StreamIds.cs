namespace ControlPlane.Xds.Protocol;

/// <summary>Stream ids and nonces; one instance per server, so nothing static is shared across tests or hosts.</summary>
internal sealed class StreamIds
{
    private long _next;

    public long Next() => Interlocked.Increment(ref _next);
}
