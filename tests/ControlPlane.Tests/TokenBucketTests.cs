using ControlPlane.Hosting.Limits;

namespace ControlPlane.Tests;

public sealed class TokenBucketTests
{
    [Fact]
    public void A_bucket_allows_one_seconds_worth_at_once_then_refills_at_its_rate_and_never_beyond_it()
    {
        var time = new ManualTime();
        var bucket = new TokenBucket(4, time);

        Assert.Equal(4, Enumerable.Range(0, 10).Count(_ => bucket.TryTake()));

        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(2, Enumerable.Range(0, 10).Count(_ => bucket.TryTake()));

        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(4, Enumerable.Range(0, 10).Count(_ => bucket.TryTake()));
    }

    /// <summary>Time that moves only when the test says so.</summary>
    private sealed class ManualTime : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
