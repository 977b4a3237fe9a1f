namespace ControlPlane.Pipeline;

/// <summary>How the policy directory is watched.</summary>
internal sealed class PolicyWatchOptions
{
    /// <summary>Where the host binds these from: <c>ControlPlane:Watch:Debounce</c>, <c>CONTROLPLANE__WATCH__POLLINTERVAL</c>.</summary>
    public const string Section = "ControlPlane:Watch";

    /// <summary>Quiet time after the last change before reloading: a git checkout or ConfigMap swap is one reload.</summary>
    public TimeSpan Debounce { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>A burst that never goes quiet still reloads after this long.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Safety net for missed file events (network file systems, inotify limits).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);
}
