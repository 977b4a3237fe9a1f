using System.Collections.Immutable;

namespace ControlPlane.Policy.Sources;

/// <summary>What reading a policy directory found: the files, errors that fail the load, warnings that do not.</summary>
internal sealed class DirectoryContents
{
    public ImmutableArray<PolicySourceFile>.Builder Files { get; } = ImmutableArray.CreateBuilder<PolicySourceFile>();

    public ImmutableArray<PolicyDiagnostic>.Builder Errors { get; } = ImmutableArray.CreateBuilder<PolicyDiagnostic>();

    public ImmutableArray<PolicyDiagnostic>.Builder Warnings { get; } = ImmutableArray.CreateBuilder<PolicyDiagnostic>();
}
