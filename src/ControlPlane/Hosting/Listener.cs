namespace ControlPlane.Hosting;

/// <summary>The ports <c>serve</c> opens; each endpoint answers on exactly one of them.</summary>
internal enum Listener
{
    Xds,
    ExtProc,
    Admin,

    /// <summary>/status and /metrics: loopback unless a token guards them (<see cref="Debug.DebugListener"/>).</summary>
    Debug,
}
