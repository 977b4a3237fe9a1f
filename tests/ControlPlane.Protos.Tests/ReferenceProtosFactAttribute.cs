namespace ControlPlane.Protos.Tests;

/// <summary>
/// A fact that needs Envoy's reference protos. Outside CI a missing tree skips the test;
/// in CI (CI=true) the test runs and fails, so a broken fetch cannot pass silently.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReferenceProtosFactAttribute : FactAttribute
{
    public ReferenceProtosFactAttribute()
    {
        if (!RepositoryLayout.ReferenceProtosPresent && !RepositoryLayout.RunningInContinuousIntegration)
        {
            Skip = $"Envoy's reference protos are not at {RepositoryLayout.ReferenceProtosDirectory}; "
                + "run .ci/fetch-reference-protos.sh to unpack them (in CI this test fails instead of skipping).";
        }
    }
}
