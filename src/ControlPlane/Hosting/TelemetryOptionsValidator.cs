using Microsoft.Extensions.Options;

namespace ControlPlane.Hosting;

internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options) =>
        options.OtlpEndpoint is null || TelemetryOptionsValidator.IsHttpUri(options.OtlpEndpoint)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"ControlPlane:Telemetry:OtlpEndpoint must be an absolute http:// or https:// URI (got '{options.OtlpEndpoint}')");

    internal static bool IsHttpUri(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
