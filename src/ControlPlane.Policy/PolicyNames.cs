using ControlPlane.Policy.Values;

namespace ControlPlane.Policy;

/// <summary>The rule for <c>metadata.name</c>, for callers outside the loader (the CLI checks <c>--gateway</c> with it).</summary>
public static class PolicyNames
{
    public static bool IsValid(string name) => ValueSyntax.Name().IsMatch(name);
}
