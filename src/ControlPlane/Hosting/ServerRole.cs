namespace ControlPlane.Hosting;

/// <summary>Which services <c>serve</c> runs, so xDS and enforcement can be deployed and scaled separately.</summary>
internal enum ServerRole
{
    All,
    Xds,
    ExtProc,
}
