using ControlPlane.Xds.Protocol;
using ControlPlane.Xds.Tests.Infrastructure;

namespace ControlPlane.Xds.Tests;

/// <summary>The signal a stream loop sleeps on: a set is never lost, whichever side comes first.</summary>
public sealed class StreamWakeupTests
{
    [Fact]
    public void A_set_before_the_wait_is_kept_for_it_and_consumed_by_it()
    {
        var wakeup = new StreamWakeup();
        wakeup.Set();
        wakeup.Set();

        Assert.True(wakeup.WaitAsync().IsCompleted);
        Assert.False(wakeup.WaitAsync().IsCompleted);
    }

    [Fact]
    public async Task A_set_during_the_wait_ends_it()
    {
        var wakeup = new StreamWakeup();
        var waiting = wakeup.WaitAsync();
        Assert.False(waiting.IsCompleted);

        wakeup.Set();

        await waiting.AsTask().WithinGuard("the wake-up");
    }

    [Fact]
    public async Task Sets_racing_with_waits_from_other_threads_are_never_lost()
    {
        const int Events = 100_000;
        var wakeup = new StreamWakeup();
        var produced = 0;

        var consumer = Task.Run(async () =>
        {
            // As the stream loop does: look at the state, sleep only when there is nothing new.
            var seen = 0;
            while (seen < Events)
            {
                var now = Volatile.Read(ref produced);
                if (now > seen)
                {
                    seen = now;
                }
                else
                {
                    await wakeup.WaitAsync();
                }
            }
        });
        var producers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < Events / 2; i++)
            {
                Interlocked.Increment(ref produced);
                wakeup.Set();
            }
        }));

        await Task.WhenAll(producers);
        await consumer.WithinGuard("the consumer to see every event");
    }
}
