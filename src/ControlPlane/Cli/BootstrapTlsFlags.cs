using System.CommandLine;
using ControlPlane.Translation;

namespace ControlPlane.Cli;

/// <summary><c>bootstrap</c>'s flags for TLS to the control plane: the xDS cluster's <c>UpstreamTlsContext</c>.</summary>
internal sealed class BootstrapTlsFlags
{
    private readonly Option<string> _ca = CliOptions.Text("--xds-tls-ca", "PEM CA the control plane's certificate must chain to: turns on TLS to the xDS cluster.");
    private readonly Option<string> _certificate = CliOptions.Text("--xds-tls-cert", "Envoy's PEM client certificate for mutual TLS (with --xds-tls-key).");
    private readonly Option<string> _key = CliOptions.Text("--xds-tls-key", "The PEM private key of --xds-tls-cert.");
    private readonly Option<string> _sds = CliOptions.Text("--xds-tls-sds", $"Instead of --xds-tls-cert/--xds-tls-key: a directory Envoy watches, holding the SDS file {UpstreamTls.SdsFileName} (secret {UpstreamTls.SdsSecretName}).");
    private readonly Option<string> _sni = CliOptions.Text("--xds-sni", "Server name sent in the TLS ClientHello (default: none).");
    private readonly Option<string> _san = CliOptions.Text("--xds-san", "The control plane's certificate must carry this SAN (a URI such as spiffe://…, or a DNS name); several separated by commas.");

    public void AddTo(Command command)
    {
        foreach (var option in new[] { _ca, _certificate, _key, _sds, _sni, _san })
        {
            command.Options.Add(option);
        }

        command.Validators.Add(result =>
        {
            var given = new[] { _certificate, _key, _sds, _sni, _san }.Where(o => result.GetResult(o) is not null).Select(o => o.Name).ToList();
            if (result.GetResult(_ca) is null && given.Count > 0)
            {
                result.AddError($"{string.Join(", ", given)} need --xds-tls-ca FILE (TLS to the control plane)");
            }

            if ((result.GetResult(_certificate) is null) != (result.GetResult(_key) is null))
            {
                result.AddError("--xds-tls-cert and --xds-tls-key go together");
            }

            if (result.GetResult(_sds) is not null && result.GetResult(_certificate) is not null)
            {
                result.AddError("--xds-tls-sds replaces --xds-tls-cert and --xds-tls-key; give one or the other");
            }
        });
    }

    /// <summary>The TLS the flags ask for; null without <c>--xds-tls-ca</c>.</summary>
    public UpstreamTls? Read(ParseResult result) => result.GetValue(_ca) is not { } ca ? null : new UpstreamTls(ca)
    {
        CertificateFile = result.GetValue(_certificate),
        KeyFile = result.GetValue(_key),
        SdsDirectory = result.GetValue(_sds),
        Sni = result.GetValue(_sni),
        SubjectAltNames = result.GetValue(_san) is { } sans ? [.. sans.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)] : [],
    };
}
