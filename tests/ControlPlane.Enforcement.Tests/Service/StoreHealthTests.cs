using System.Diagnostics.Metrics;
using ControlPlane.Enforcement.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Enforcement.Tests.Service;

public sealed class StoreHealthTests
{
    [Fact]
    public void The_gauge_is_1_while_the_store_answers_and_0_before_and_while_it_fails_and_the_last_error_stays()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var gauge = new CounterRecorder(meters, EnforcementMetrics.StoreUpInstrument, "store");
        var health = new StoreHealth(new UnavailableStore(), new EnforcementMetrics(meters), new ManualTimeProvider());

        var unknown = (health.Snapshot(), gauge["down"]);
        health.Failed("connection refused");
        var down = (health.Snapshot(), gauge["down"]);
        health.Succeeded();
        health.Succeeded();
        var up = (health.Snapshot(), gauge["down"]);
        health.Failed("timeout");
        health.Failed("timeout");
        var downAgain = (health.Snapshot(), gauge["down"]);

        Assert.Equal((new StoreHealthSnapshot("down", null, null, null), 0), unknown);
        Assert.Equal((false, "connection refused", 0L), (down.Item1.Reachable, down.Item1.LastError, down.Item2));
        Assert.Equal((true, "connection refused", 1L), (up.Item1.Reachable, up.Item1.LastError, up.Item2));
        Assert.Equal((false, "timeout", 0L), (downAgain.Item1.Reachable, downAgain.Item1.LastError, downAgain.Item2));
    }

    [Fact]
    public async Task The_memory_store_is_reachable_from_the_start()
    {
        await using var host = await ExtProcTestHost.StartAsync(_ => { }, time: null, TestRules.Create());

        var health = host.Services.GetRequiredService<StoreHealth>().Snapshot();

        Assert.Equal(("memory", true), (health.Store, health.Reachable));
    }
}
