using System.Net;
using Microsoft.Extensions.Options;

namespace ControlPlane.Hosting;

/// <summary>
/// Checks the settings however they arrived (flags, environment, appsettings.json), before anything listens: the
/// flags' parser catches typos, this catches the same mistakes in configuration.
/// </summary>
internal sealed class ServeOptionsValidator : IValidateOptions<ServeOptions>
{
    public ValidateOptionsResult Validate(string? name, ServeOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.PoliciesDirectory))
        {
            failures.Add("ControlPlane:Policies (--policies) must not be empty");
        }
        else if (!Directory.Exists(options.PoliciesDirectory))
        {
            failures.Add($"policy directory '{Path.GetFullPath(options.PoliciesDirectory)}' does not exist (--policies DIR, ControlPlane:Policies)");
        }

        if (!IPAddress.TryParse(options.BindAddress, out _))
        {
            failures.Add($"ControlPlane:Bind (--bind) must be an IP address such as 0.0.0.0, 127.0.0.1 or :: (got '{options.BindAddress}')");
        }

        if (!Enum.IsDefined(options.Role))
        {
            failures.Add($"ControlPlane:Role (--role) must be all, xds or extproc (got '{options.Role}')");
        }

        if (options.LogFormat is not ("simple" or "json"))
        {
            failures.Add($"ControlPlane:LogFormat (--log-format) must be simple or json (got '{options.LogFormat}')");
        }

        Debug.DebugAccessValidator.Validate(options, failures);
        Limits.LimitsValidator.Validate(options, failures);
        var ports = new List<(string Key, int Port)> { ("AdminPort (--admin-port)", options.AdminPort), ("DebugPort (--debug-port)", options.DebugPort) };
        if (options.ServesXds)
        {
            ports.Add(("XdsPort (--xds-port)", options.XdsPort));
        }

        if (options.ServesExtProc)
        {
            ports.Add(("ExtProcPort (--extproc-port)", options.ExtProcPort));
        }

        failures.AddRange(ports.Where(p => p.Port is < 0 or > 65535).Select(p => $"ControlPlane:{p.Key} must be a port number 0-65535 (got {p.Port})"));
        if (ports.Where(p => p.Port != 0).GroupBy(p => p.Port).FirstOrDefault(g => g.Count() > 1) is { } shared)
        {
            failures.Add($"ControlPlane:{string.Join(" and ControlPlane:", shared.Select(p => p.Key))} are both {shared.Key}; each service needs its own port");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
