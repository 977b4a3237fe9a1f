using Microsoft.Extensions.Configuration;

namespace ControlPlane.Hosting;

/// <summary>
/// What <c>serve</c> runs and where, bound from the <c>ControlPlane</c> configuration section (appsettings.json,
/// environment variables such as <c>CONTROLPLANE__XDSPORT</c>, then the flags, which win).
/// </summary>
internal sealed class ServeOptions
{
    public const string Section = "ControlPlane";

    [ConfigurationKeyName("Policies")]
    public string PoliciesDirectory { get; set; } = "policies";

    public ServerRole Role { get; set; } = ServerRole.All;

    [ConfigurationKeyName("Bind")]
    public string BindAddress { get; set; } = "0.0.0.0";

    public int XdsPort { get; set; } = 18000;

    public int ExtProcPort { get; set; } = 18001;

    public int AdminPort { get; set; } = 19000;

    /// <summary>The debug endpoints' port (/status, /metrics): kept off the probes' port, which the kubelet must reach.</summary>
    public int DebugPort { get; set; } = 19001;

    /// <summary>Loopback by default, as istiod's debug port: sync status and metrics name every node and policy.</summary>
    public string DebugBind { get; set; } = "127.0.0.1";

    /// <summary><c>ControlPlane:Limits:Xds:*</c> and <c>ControlPlane:Limits:ExtProc:*</c>.</summary>
    public Limits.LimitsOptions Limits { get; set; } = new();

    [ConfigurationKeyName("Debug")]
    public Debug.DebugAccessOptions DebugAccess { get; set; } = new();

    /// <summary><c>simple</c> (one line per entry) or <c>json</c> (the built-in JSON console formatter).</summary>
    public string LogFormat { get; set; } = "simple";

    public bool ServesXds => Role is ServerRole.All or ServerRole.Xds;

    public bool ServesExtProc => Role is ServerRole.All or ServerRole.ExtProc;
}
