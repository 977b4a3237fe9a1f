using System.Collections.Immutable;

namespace ControlPlane.Translation;

/// <summary>
/// The IR references something it does not define (an upstream, a rule, a route table) or repeats a name. The policy
/// loader should have refused it; every problem is listed, not just the first.
/// </summary>
public sealed class TranslationException : Exception
{
    public TranslationException(string gatewayName, ImmutableArray<string> errors)
        : base($"Gateway '{gatewayName}' cannot be translated: {string.Join("; ", errors)}")
    {
        GatewayName = gatewayName;
        Errors = errors;
    }

    public string GatewayName { get; }

    public ImmutableArray<string> Errors { get; }
}
