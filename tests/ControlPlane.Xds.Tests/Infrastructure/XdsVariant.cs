namespace ControlPlane.Xds.Tests.Infrastructure;

public enum XdsVariant
{
    Sotw,
    Delta,
}
