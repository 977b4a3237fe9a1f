using Microsoft.AspNetCore.Connections.Features;

namespace ControlPlane.Hosting.Limits;

/// <summary>One connection's share of its listener's limits; kept in the connection's items for the request middleware.</summary>
internal sealed class ConnectionBudget(Listener listener, ListenerLimits limits, TimeProvider time)
{
    private readonly TokenBucket? _rate = limits.MaxRequestsPerSecondPerConnection > 0 ? new TokenBucket(limits.MaxRequestsPerSecondPerConnection, time) : null;
    private int _streams;

    public Listener Listener { get; } = listener;

    /// <summary>Counts a new stream in; false (nothing counted) when the connection already has its most.</summary>
    public bool TryOpenStream()
    {
        if (Interlocked.Increment(ref _streams) <= limits.MaxStreamsPerConnection)
        {
            return true;
        }

        Interlocked.Decrement(ref _streams);
        return false;
    }

    public void CloseStream() => Interlocked.Decrement(ref _streams);

    /// <summary>One token of the connection's request bucket: each new call and each message a call receives take one.</summary>
    public bool TryTakeRequest() => _rate?.TryTake() ?? true;

    /// <summary>The budget of the connection <paramref name="context"/> arrived on; null on a listener without limits.</summary>
    public static ConnectionBudget? Of(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(typeof(ConnectionBudget), out var item) == true ? item as ConnectionBudget : null;
}
