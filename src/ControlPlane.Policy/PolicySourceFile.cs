namespace ControlPlane.Policy;

/// <summary>One policy file in memory.</summary>
/// <param name="Path">How diagnostics name the file, normally relative to the policy directory with '/' separators.</param>
/// <param name="Text">The YAML text; may hold several documents.</param>
public sealed record PolicySourceFile(string Path, string Text);
