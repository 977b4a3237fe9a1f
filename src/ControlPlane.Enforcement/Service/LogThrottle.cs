namespace ControlPlane.Enforcement.Service;

/// <summary>Lets one caller per interval through and counts the ones it held back, so a storm logs one line.</summary>
internal sealed class LogThrottle(TimeSpan interval, TimeProvider time)
{
    private readonly long _intervalTicks = interval.Ticks;
    private long _nextTicks;
    private long _suppressed;

    /// <summary>True when this call may log; <paramref name="suppressed"/> is how many were held back since the last one.</summary>
    public bool TryEnter(out long suppressed)
    {
        var now = time.GetUtcNow().UtcTicks;
        var next = Interlocked.Read(ref _nextTicks);
        if (now < next || Interlocked.CompareExchange(ref _nextTicks, now + _intervalTicks, next) != next)
        {
            Interlocked.Increment(ref _suppressed);
            suppressed = 0;
            return false;
        }

        suppressed = Interlocked.Exchange(ref _suppressed, 0);
        return true;
    }
}
