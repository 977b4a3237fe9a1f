namespace ControlPlane.Hosting.Debug;

/// <summary>
/// <c>ControlPlane:Debug</c>: a bearer token that guards the debug endpoints. Required before the debug listener may
/// bind anything but loopback, since /status names every node, gateway and policy.
/// </summary>
internal sealed class DebugAccessOptions
{
    /// <summary>The token itself (e.g. from a Kubernetes Secret through <c>CONTROLPLANE__DEBUG__TOKEN</c>).</summary>
    public string? Token { get; set; }

    /// <summary>A file holding the token (a mounted Secret); read once at start, surrounding whitespace ignored.</summary>
    public string? TokenFile { get; set; }
}
