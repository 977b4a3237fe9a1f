namespace ControlPlane.Hosting.Limits;

/// <summary>
/// A token bucket refilled continuously at <c>rate</c> per second, holding at most one second's worth: a client may
/// burst up to its rate, then keep to it. Computed from timestamps on each take, so an idle connection costs no timer.
/// </summary>
internal sealed class TokenBucket(int rate, TimeProvider time)
{
    private readonly Lock _lock = new();
    private double _tokens = rate;
    private long _last = time.GetTimestamp();

    public bool TryTake()
    {
        lock (_lock)
        {
            var now = time.GetTimestamp();
            _tokens = Math.Min(rate, _tokens + (time.GetElapsedTime(_last, now).TotalSeconds * rate));
            _last = now;
            if (_tokens < 1)
            {
                return false;
            }

            _tokens--;
            return true;
        }
    }
}
