namespace ControlPlane.Policy.Tests.Support;

/// <summary>A fact about Unix file types (FIFOs, devices), which Windows does not have.</summary>
internal sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "needs Unix file types";
        }
    }
}
