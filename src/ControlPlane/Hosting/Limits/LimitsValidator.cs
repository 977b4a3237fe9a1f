namespace ControlPlane.Hosting.Limits;

/// <summary>Checks <c>ControlPlane:Limits:*</c> with the other settings, before anything listens.</summary>
internal static class LimitsValidator
{
    public static void Validate(ServeOptions options, List<string> failures)
    {
        foreach (var (name, limits) in new[] { ("Xds", options.Limits.Xds), ("ExtProc", options.Limits.ExtProc) })
        {
            var key = $"ControlPlane:Limits:{name}";
            if (limits.MaxConnections < 0)
            {
                failures.Add($"{key}:MaxConnections must be 0 (no limit) or more (got {limits.MaxConnections})");
            }

            if (limits.MaxStreamsPerConnection < 1)
            {
                failures.Add($"{key}:MaxStreamsPerConnection must be 1 or more (got {limits.MaxStreamsPerConnection})");
            }

            if (limits.MaxRequestsPerSecondPerConnection < 0)
            {
                failures.Add($"{key}:MaxRequestsPerSecondPerConnection must be 0 (no limit) or more (got {limits.MaxRequestsPerSecondPerConnection})");
            }
        }
    }
}
