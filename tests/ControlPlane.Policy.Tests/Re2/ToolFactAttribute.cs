namespace ControlPlane.Policy.Tests.Re2;

/// <summary>
/// A test that needs a tool from outside .NET: outside CI it is skipped, with the reason, when the tool is absent;
/// in CI it runs (and fails if the tool is absent), so nothing skips there.
/// </summary>
internal abstract class ToolFactAttribute : FactAttribute
{
    protected ToolFactAttribute(string? unavailable)
    {
        var inCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (unavailable is not null && !inCi)
        {
            Skip = unavailable + "; skipped outside CI";
        }
    }
}
