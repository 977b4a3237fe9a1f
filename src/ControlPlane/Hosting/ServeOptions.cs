namespace ControlPlane.Hosting;

/// <summary>Everything <c>serve</c> takes from its flags.</summary>
internal sealed class ServeOptions
{
    public string PoliciesDirectory { get; set; } = "policies";

    public ServerRole Role { get; set; } = ServerRole.All;

    public string BindAddress { get; set; } = "0.0.0.0";

    public int XdsPort { get; set; } = 18000;

    public int ExtProcPort { get; set; } = 18001;

    public int AdminPort { get; set; } = 19000;

    public bool ServesXds => Role is ServerRole.All or ServerRole.Xds;

    public bool ServesExtProc => Role is ServerRole.All or ServerRole.ExtProc;
}
