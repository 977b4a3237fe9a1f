using System.Collections.Immutable;
using ControlPlane.Ir;

namespace ControlPlane.Policy;

/// <summary>The outcome of one load: the compiled fleet, or every problem found. Never both, never a partial fleet.</summary>
/// <param name="Fleet">Null exactly when <paramref name="Errors"/> is not empty.</param>
/// <param name="Errors">Sorted by file, line, column.</param>
/// <param name="Files">The files read, as diagnostics name them, sorted.</param>
public sealed record PolicyLoadResult(FleetIr? Fleet, ImmutableArray<PolicyDiagnostic> Errors, ImmutableArray<string> Files)
{
    /// <summary>
    /// Problems that do not fail the load (today: a non-regular file in the policy directory, skipped unopened).
    /// Sorted like <see cref="Errors"/>; the host logs them.
    /// </summary>
    public ImmutableArray<PolicyDiagnostic> Warnings { get; init; } = [];

    public bool IsValid => Fleet is not null;
}
