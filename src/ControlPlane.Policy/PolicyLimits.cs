namespace ControlPlane.Policy;

/// <summary>
/// Bounds on what one policy file may cost to load, so that no input (hostile or broken) can exhaust the
/// stack, memory or time of the control plane. Each one exceeded is a located error, never a crash.
/// </summary>
public static class PolicyLimits
{
    /// <summary>Larger files are refused after reading only their size; policies are a few KiB.</summary>
    public const int MaxFileBytes = 4 * 1024 * 1024;

    /// <summary>Mappings and lists nested deeper are refused before the reader recurses (a stack overflow cannot be caught).</summary>
    public const int MaxNestingDepth = 64;

    /// <summary>YAML nodes of one file, counting every node an alias repeats (the billion-laughs bound).</summary>
    public const int MaxNodesPerFile = 200_000;

    /// <summary>Diagnostics reported per load; the rest are counted in one last diagnostic.</summary>
    public const int MaxErrors = 1_000;

    /// <summary>How much of an offending value a message quotes.</summary>
    public const int MaxQuotedChars = 64;
}
