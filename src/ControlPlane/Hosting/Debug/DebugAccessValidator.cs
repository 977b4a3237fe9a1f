using System.Net;

namespace ControlPlane.Hosting.Debug;

/// <summary>The debug listener's address and token, checked with the other settings before anything listens.</summary>
internal static class DebugAccessValidator
{
    /// <summary>Shorter tokens are refused: the token is all that stands between the network and /status.</summary>
    public const int MinTokenLength = 16;

    public static void Validate(ServeOptions options, List<string> failures)
    {
        var access = options.DebugAccess;
        if (!string.IsNullOrEmpty(access.Token) && !string.IsNullOrEmpty(access.TokenFile))
        {
            failures.Add("ControlPlane:Debug:Token and ControlPlane:Debug:TokenFile are both set; set one");
        }
        else if (!string.IsNullOrEmpty(access.TokenFile) && !File.Exists(access.TokenFile))
        {
            failures.Add($"ControlPlane:Debug:TokenFile '{Path.GetFullPath(access.TokenFile)}' does not exist");
        }
        else if (DebugToken.Read(access) is { Length: < MinTokenLength })
        {
            failures.Add($"the debug token (ControlPlane:Debug:Token or ControlPlane:Debug:TokenFile) must be at least {MinTokenLength} characters");
        }

        if (!IPAddress.TryParse(options.DebugBind, out var address))
        {
            failures.Add($"ControlPlane:DebugBind (--debug-bind) must be an IP address such as 127.0.0.1 or ::1 (got '{options.DebugBind}')");
        }
        else if (!IPAddress.IsLoopback(address) && string.IsNullOrEmpty(access.Token) && string.IsNullOrEmpty(access.TokenFile))
        {
            failures.Add($"ControlPlane:DebugBind (--debug-bind) {options.DebugBind} is not a loopback address: set ControlPlane:Debug:Token or ControlPlane:Debug:TokenFile, so /status and /metrics require 'Authorization: Bearer <token>'");
        }
    }
}
