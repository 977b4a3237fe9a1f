namespace ControlPlane.Enforcement;

/// <summary>Where claims and stored responses live.</summary>
public enum EnforcementStoreKind
{
    /// <summary>In this process: one enforcement node only; lost on restart.</summary>
    Memory,

    /// <summary>Redis (standalone or Cluster), shared by every enforcement node.</summary>
    Redis,
}
