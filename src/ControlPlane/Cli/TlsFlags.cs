using System.CommandLine;

namespace ControlPlane.Cli;

/// <summary><c>serve</c>'s TLS flags and the configuration keys they set (ControlPlane:Tls:*).</summary>
internal static class TlsFlags
{
    public static (Option Option, string Key)[] AddTo(Command command)
    {
        (Option Option, string Key)[] flags =
        [
            (CliOptions.Text("--tls-cert", "PEM server certificate (with intermediates) for the xDS and ext_proc ports; reloaded when it changes."), "ControlPlane:Tls:CertificateFile"),
            (CliOptions.Text("--tls-key", "PEM private key of --tls-cert."), "ControlPlane:Tls:KeyFile"),
            (CliOptions.Text("--client-ca", "PEM CA that client certificates must chain to: turns on mutual TLS (needs ControlPlane:Tls:Identities)."), "ControlPlane:Tls:ClientCaFile"),
        ];
        foreach (var (option, _) in flags)
        {
            command.Options.Add(option);
        }

        return flags;
    }
}
