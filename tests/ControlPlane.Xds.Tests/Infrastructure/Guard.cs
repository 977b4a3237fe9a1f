namespace ControlPlane.Xds.Tests.Infrastructure;

/// <summary>
/// Failure guards, never timing assertions: every wait awaits a specific event, and the guard only turns a hang into a
/// readable failure.
/// </summary>
internal static class Guard
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task<T> WithinGuard<T>(this Task<T> task, string what)
    {
        try
        {
            return await task.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"gave up after {Timeout.TotalSeconds} s waiting for {what}");
        }
    }

    public static async Task WithinGuard(this Task task, string what)
    {
        try
        {
            await task.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"gave up after {Timeout.TotalSeconds} s waiting for {what}");
        }
    }

    /// <summary>For server state that has no notification (e.g. node status): re-checks until true.</summary>
    public static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"gave up after {Timeout.TotalSeconds} s waiting for {what}");
            }

            await Task.Delay(10);
        }
    }
}
