using Microsoft.Extensions.Options;

namespace ControlPlane.Hosting.Tls;

/// <summary>Checks the TLS settings and reads the files once, before anything listens.</summary>
internal sealed class TlsOptionsValidator : IValidateOptions<TlsOptions>
{
    public ValidateOptionsResult Validate(string? name, TlsOptions options)
    {
        var failures = new List<string>();
        var hasKey = !string.IsNullOrEmpty(options.KeyFile);
        if (options.Enabled != hasKey)
        {
            failures.Add("ControlPlane:Tls:CertificateFile (--tls-cert) and ControlPlane:Tls:KeyFile (--tls-key) go together");
        }

        if (!options.Enabled && !string.IsNullOrEmpty(options.ClientCaFile))
        {
            failures.Add("ControlPlane:Tls:ClientCaFile (--client-ca) needs ControlPlane:Tls:CertificateFile and KeyFile (--tls-cert, --tls-key)");
        }

        if (options.PollInterval < TimeSpan.FromMilliseconds(100))
        {
            failures.Add($"ControlPlane:Tls:PollInterval must be at least 100ms (got {options.PollInterval})");
        }

        if (options.Mutual && options.Identities.Count == 0)
        {
            failures.Add("ControlPlane:Tls:Identities must list at least one entry (San, and {gateway} in it or Gateways) with a client CA; otherwise every client would be refused");
        }
        else if (!options.Mutual && options.Identities.Count > 0)
        {
            failures.Add("ControlPlane:Tls:Identities needs ControlPlane:Tls:ClientCaFile (--client-ca): without client certificates there is no identity to check");
        }

        for (var i = 0; i < options.Identities.Count; i++)
        {
            failures.AddRange(ValidateIdentity($"ControlPlane:Tls:Identities:{i}", options.Identities[i]));
        }

        if (failures.Count == 0 && options.Enabled)
        {
            try
            {
                _ = TlsMaterial.Load(options);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
            {
                failures.Add($"ControlPlane:Tls: the certificate, key or client CA cannot be loaded: {e.Message}");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> ValidateIdentity(string key, TlsIdentityOptions identity)
    {
        SanTemplate template;
        try
        {
            template = SanTemplate.Parse(identity.San);
        }
        catch (FormatException e)
        {
            return [$"{key}:San '{identity.San}' {e.Message}"];
        }

        return (template.CapturesGateway, identity.Gateways.Count > 0) switch
        {
            (true, true) => [$"{key}: San captures {{gateway}} and Gateways is set too; use one"],
            (false, false) => [$"{key}: San '{identity.San}' allows no gateway group; capture {{gateway}} in it or list Gateways (* for any)"],
            _ => identity.Gateways.Where(string.IsNullOrWhiteSpace).Select(_ => $"{key}:Gateways must not hold an empty name"),
        };
    }
}
