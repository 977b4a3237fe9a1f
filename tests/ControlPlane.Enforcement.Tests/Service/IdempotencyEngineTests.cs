using System.Diagnostics.Metrics;
using System.Text;
using ControlPlane.Enforcement.Service;
using ControlPlane.Enforcement.Stores;
using ControlPlane.Enforcement.Stores.Memory;
using ControlPlane.Enforcement.Tests.Infrastructure;
using ControlPlane.Ir;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ControlPlane.Enforcement.Tests.Service;

/// <summary>The decision engine without gRPC.</summary>
public sealed class IdempotencyEngineTests : IDisposable
{
    private readonly ManualTimeProvider _clock = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ErrorLogCollector _logs = new();

    public void Dispose()
    {
        _services.Dispose();
        _logs.Dispose();
    }

    [Fact]
    public async Task A_body_over_the_limit_without_content_length_gets_413_at_the_body_phase()
    {
        var rule = (TestRules.Create() with { MaxBodyBytes = 4 }).Compile();
        var engine = Engine(new MemoryIdempotencyStore(Options.Create(new EnforcementOptions()), _clock));
        var headers = Headers.View(Headers.Post("k"));

        Assert.Equal(DecisionKind.NeedBody, engine.Screen(rule, headers, endOfStream: false).Kind);
        var decision = await engine.DecideAsync(rule, headers, Encoding.UTF8.GetBytes("12345"), default);

        Assert.Equal(413, (int)decision.Answer!.Status.Code);
    }

    [Theory]
    [InlineData(FailureMode.Open, DecisionKind.PassThrough)]
    [InlineData(FailureMode.Closed, DecisionKind.Answer)]
    internal async Task An_unavailable_store_applies_the_rules_failure_mode(FailureMode mode, DecisionKind expected)
    {
        var rule = (TestRules.Create() with { FailureMode = mode }).Compile();
        var engine = Engine(new UnavailableStore());

        var decision = await engine.DecideAsync(rule, Headers.View(Headers.Post("k")), "{}"u8.ToArray(), default);

        Assert.Equal(expected, decision.Kind);
        if (mode == FailureMode.Closed)
        {
            Assert.Equal(503, (int)decision.Answer!.Status.Code);
        }
    }

    [Fact]
    public async Task A_store_outage_is_logged_once_per_interval_however_many_requests_fail()
    {
        var rule = (TestRules.Create() with { FailureMode = FailureMode.Open }).Compile();
        var store = new UnavailableStore();
        var engine = Engine(store);

        for (var i = 0; i < 5; i++)
        {
            await engine.DecideAsync(rule, Headers.View(Headers.Post("k")), "{}"u8.ToArray(), default);
        }

        _clock.Advance(TimeSpan.FromSeconds(31));
        await engine.DecideAsync(rule, Headers.View(Headers.Post("k")), "{}"u8.ToArray(), default);

        Assert.Equal(6, store.Calls);
        var logged = _logs.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToList();
        Assert.Equal(2, logged.Count);
        Assert.Contains("4 more failures", logged[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Screening_needs_no_store_for_methods_outside_the_rule_or_a_missing_optional_key()
    {
        var store = new UnavailableStore();
        var engine = Engine(store);

        var get = engine.Screen(TestRules.Create().Compile(), Headers.View((":method", "GET")), endOfStream: true);
        var optional = engine.Screen(TestRules.Create().Optional().Compile(), Headers.View((":method", "POST")), endOfStream: false);

        Assert.Equal(DecisionKind.PassThrough, get.Kind);
        Assert.Equal(DecisionKind.PassThrough, optional.Kind);
        Assert.Equal(0, store.Calls);
    }

    [Fact]
    public async Task Holding_replays_once_the_first_request_completes()
    {
        var rule = TestRules.Create().Waiting(TimeSpan.FromSeconds(10)).Compile();
        var store = new MemoryIdempotencyStore(Options.Create(new EnforcementOptions()), _clock);
        var engine = Engine(store);
        var headers = Headers.View(Headers.Post("k"));
        var first = await engine.DecideAsync(rule, headers, "{}"u8.ToArray(), default);
        var duplicate = await engine.DecideAsync(rule, headers, "{}"u8.ToArray(), default);
        Assert.Equal(DecisionKind.Hold, duplicate.Kind);

        var holding = engine.HoldAsync(rule, duplicate.Request!, TimeSpan.FromSeconds(10), default).AsTask();
        await store.CompleteAsync(first.Request!.LookupKey, first.Token, new StoredResponse(201, [], []), TimeSpan.FromHours(1), default);
        var decision = await holding.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(201, (int)decision.Answer!.Status.Code);
    }

    private IdempotencyEngine Engine(IIdempotencyStore store)
    {
        var options = Options.Create(new EnforcementOptions());
        var factory = LoggerFactory.Create(builder => builder.AddProvider(_logs));
        var metrics = new EnforcementMetrics(_services.GetRequiredService<IMeterFactory>());
        var outages = new StoreOutageReporter(options, _clock, new StoreHealth(store, metrics, _clock), factory.CreateLogger<StoreOutageReporter>());
        return new IdempotencyEngine(store, metrics, outages, _clock, options, NullLogger<IdempotencyEngine>.Instance);
    }
}
