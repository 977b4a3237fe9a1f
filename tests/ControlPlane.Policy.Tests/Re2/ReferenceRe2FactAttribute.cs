namespace ControlPlane.Policy.Tests.Re2;

/// <summary>A test that needs the reference RE2; outside CI it is skipped (with the reason) when node or re2-wasm is absent. In CI it runs, and fails if they are.</summary>
internal sealed class ReferenceRe2FactAttribute : FactAttribute
{
    public ReferenceRe2FactAttribute()
    {
        var inCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (ReferenceRe2.Unavailable is { } reason && !inCi)
        {
            Skip = reason + "; skipped outside CI";
        }
    }
}
