using Microsoft.Extensions.Options;

namespace ControlPlane.Xds;

/// <summary>Limits read from configuration (<see cref="XdsServerOptions.Section"/>): a zero or negative limit would refuse every Envoy.</summary>
public sealed class XdsServerOptionsValidator : IValidateOptions<XdsServerOptions>
{
    public ValidateOptionsResult Validate(string? name, XdsServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Positive(nameof(options.MaxRequestBytes), options.MaxRequestBytes, failures);
        Positive(nameof(options.MaxResourceNamesPerRequest), options.MaxResourceNamesPerRequest, failures);
        Positive(nameof(options.MaxNameLength), options.MaxNameLength, failures);
        Positive(nameof(options.MaxUnknownGroups), options.MaxUnknownGroups, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(string key, int value, List<string> failures)
    {
        if (value <= 0)
        {
            failures.Add($"{XdsServerOptions.Section}:{key} must be positive (got {value})");
        }
    }
}
