using ControlPlane.Enforcement.Tests.Infrastructure;
using ControlPlane.Ir;
using static Envoy.Extensions.Filters.Http.ExtProc.V3.ProcessingMode.Types;
using Sent = Envoy.Service.ExtProc.V3.ProcessingRequest.RequestOneofCase;

namespace ControlPlane.Enforcement.Tests.Service;

/// <summary>
/// The service's behaviour over real gRPC, with a fake Envoy on the other end; run once per store kind by the
/// subclasses. Every host must end the test without an error logged.
/// </summary>
public abstract class EnforcementBehaviourTests : IAsyncLifetime
{
    private readonly List<ExtProcTestHost> _hosts = [];

    private protected abstract Task<Action<EnforcementOptions>> StoreOptionsAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
            host.AssertNoErrors();
        }
    }

    [StoreFact]
    public async Task First_request_reaches_the_backend_and_a_retry_replays_its_response()
    {
        var rule = TestRules.Create();
        var (host, envoy) = await StartAsync(rule);
        var backend = new Backend(UpstreamResponse.Json(
            201,
            """{"id":"pay_1"}""",
            ("set-cookie", "a=1"),
            ("set-cookie", "b=2"),
            ("x-envoy-upstream-service-time", "3"),
            ("transfer-encoding", "chunked"),
            ("location", "/payments/pay_1")));

        var (first, retry) = await TwiceAsync(envoy, HttpRequestSpec.Post("k-1"), backend);

        Assert.True(first.ReachedBackend);
        Assert.Equal(1, backend.Calls);
        Assert.False(retry.ReachedBackend);
        Assert.Equal(201, retry.Status);
        Assert.Equal("""{"id":"pay_1"}""", retry.BodyText);
        Assert.Equal("true", retry.Header("idempotent-replayed"));
        Assert.Equal("application/json", retry.Header("content-type"));
        Assert.Equal("/payments/pay_1", retry.Header("location"));
        Assert.Equal(["a=1", "b=2"], retry.Headers.Where(h => h.Name == "set-cookie").Select(h => h.Value));
        Assert.Null(retry.Header("transfer-encoding"));
        Assert.Null(retry.Header("x-envoy-upstream-service-time"));
        Assert.Empty(retry.MutationViolations);
        Assert.Equal(1, host.Decisions[DecisionOutcomes.Continued]);
        Assert.Equal(1, host.Decisions[DecisionOutcomes.Stored]);
        Assert.Equal(1, host.Decisions[DecisionOutcomes.Replayed]);
    }

    [StoreFact]
    public async Task Same_key_with_a_different_body_gets_422()
    {
        var (_, envoy) = await StartAsync(TestRules.Create());
        var backend = new Backend(UpstreamResponse.Json(200, "{}"));

        await envoy.SendAsync(HttpRequestSpec.Post("k-1", """{"amount":10}"""), backend.Handle);
        var reused = await envoy.SendAsync(HttpRequestSpec.Post("k-1", """{"amount":99}"""), backend.Handle);

        Assert.Equal(422, reused.Status);
        Assert.Equal(ProblemTypes.KeyReused, reused.Problem().GetProperty("type").GetString());
        Assert.Equal(1, backend.Calls);
    }

    [StoreFact]
    public async Task Missing_required_key_gets_400_problem_details_before_the_body_is_read()
    {
        var (_, envoy) = await StartAsync(TestRules.Create());
        var backend = new Backend(UpstreamResponse.Json(200, "{}"));

        var result = await envoy.SendAsync(HttpRequestSpec.Post(key: null), backend.Handle);

        Assert.Equal(400, result.Status);
        var problem = result.Problem();
        Assert.Equal(ProblemTypes.MissingKey, problem.GetProperty("type").GetString());
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.Contains("idempotency-key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal([Sent.RequestHeaders], result.Sent);
        Assert.Equal(0, backend.Calls);
        Assert.Empty(result.MutationViolations);
    }

    [StoreFact]
    public async Task Malformed_key_gets_400_invalid_key()
    {
        var (_, envoy) = await StartAsync(TestRules.Create());

        var result = await envoy.SendAsync(HttpRequestSpec.Post("\"unterminated"), new Backend(UpstreamResponse.Json(200, "{}")).Handle);

        Assert.Equal(400, result.Status);
        Assert.Equal(ProblemTypes.InvalidKey, result.Problem().GetProperty("type").GetString());
    }

    [StoreFact]
    public async Task Absent_optional_key_passes_through_untouched_and_skips_the_remaining_phases()
    {
        var (host, envoy) = await StartAsync(TestRules.Create().Optional());
        var backend = new Backend(UpstreamResponse.Json(200, "{}"));

        var (first, second) = await TwiceAsync(envoy, HttpRequestSpec.Post(key: null), backend);

        Assert.True(first.ReachedBackend && second.ReachedBackend);
        Assert.Equal([Sent.RequestHeaders], first.Sent);
        var mode = Assert.Single(first.ModeOverrides);
        Assert.Equal(HeaderSendMode.Skip, mode.ResponseHeaderMode);
        Assert.Equal(BodySendMode.None, mode.RequestBodyMode);
        Assert.Equal(BodySendMode.None, mode.ResponseBodyMode);
        Assert.Equal(2, host.Decisions[DecisionOutcomes.PassedThrough]);
    }

    [StoreFact]
    public async Task Method_outside_the_rule_passes_through_without_store_access()
    {
        var (host, envoy) = await StartAsync(TestRules.Create());
        var backend = new Backend(UpstreamResponse.Json(200, "{}"));

        var (first, second) = await TwiceAsync(envoy, HttpRequestSpec.Post("k-1", method: "PUT"), backend);

        Assert.Equal(2, backend.Calls);
        Assert.Single(first.ModeOverrides);
        Assert.Single(second.ModeOverrides);
        Assert.Equal(0, host.Decisions[DecisionOutcomes.Continued]);
        Assert.Equal(2, host.Decisions[DecisionOutcomes.PassedThrough]);
    }

    [StoreFact]
    public async Task Unknown_rule_on_a_fail_open_route_passes_everything_through()
    {
        var (host, _) = await StartAsync(TestRules.Create());
        var envoy = new FakeEnvoy(host.Client, "no-such-rule", bufferRequestBody: true, FailureMode.Open);
        var backend = new Backend(UpstreamResponse.Json(200, "{}"));

        var (first, second) = await TwiceAsync(envoy, HttpRequestSpec.Post("k-1"), backend);

        Assert.Equal(2, backend.Calls);
        Assert.Equal([Sent.RequestHeaders], first.Sent);
        Assert.Equal(200, second.Status);
        Assert.Equal(2, host.Decisions[DecisionOutcomes.UnknownRule]);
    }

    [StoreFact]
    public async Task Unknown_rule_on_a_fail_closed_route_gets_503_and_never_reaches_the_backend()
    {
        var (host, _) = await StartAsync(TestRules.Create());
        var envoy = new FakeEnvoy(host.Client, "no-such-rule", bufferRequestBody: true, FailureMode.Closed);
        var backend = new Backend(UpstreamResponse.Json(200, "{}"));

        var result = await envoy.SendAsync(HttpRequestSpec.Post("k-1"), backend.Handle);

        Assert.Equal(503, result.Status);
        Assert.Equal(ProblemTypes.RuleUnavailable, result.Problem().GetProperty("type").GetString());
        Assert.Equal(0, backend.Calls);
        Assert.Equal(1, host.Decisions[DecisionOutcomes.UnknownRule]);
    }

    [StoreFact]
    public async Task Unknown_rule_without_a_failure_mode_entry_fails_closed()
    {
        var (host, _) = await StartAsync(TestRules.Create());
        var envoy = new FakeEnvoy(host.Client, "no-such-rule", bufferRequestBody: true, failureMode: null);
        var backend = new Backend(UpstreamResponse.Json(200, "{}"));

        var result = await envoy.SendAsync(HttpRequestSpec.Post("k-1"), backend.Handle);

        Assert.Equal(503, result.Status);
        Assert.Equal(0, backend.Calls);
    }

    [StoreFact]
    public async Task Unknown_rules_are_counted_as_unknown_never_by_the_name_the_stream_sent_and_warned_once_per_interval()
    {
        var (host, _) = await StartAsync(TestRules.Create());
        var backend = new Backend(UpstreamResponse.Json(200, "{}"));

        for (var i = 0; i < 3; i++)
        {
            await new FakeEnvoy(host.Client, $"client-chosen-{i}", bufferRequestBody: true).SendAsync(HttpRequestSpec.Post("k-1"), backend.Handle);
        }

        Assert.Equal(3, host.Decisions[DecisionOutcomes.UnknownRule]);
        Assert.Equal([EnforcementMetrics.UnknownRuleLabel], host.Decisions.Rules);
        var warning = Assert.Single(host.Logs.Entries, e => e.Message.Contains("not loaded here", StringComparison.Ordinal));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
        Assert.Contains("client-chosen-0", warning.Message, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task Duplicate_in_flight_gets_409_with_retry_after_then_the_stored_response()
    {
        var (_, envoy) = await StartAsync(TestRules.Create());
        var release = new TaskCompletionSource();
        var backend = new Backend(UpstreamResponse.Json(201, "{}")) { Gate = release.Task };

        var first = envoy.SendAsync(HttpRequestSpec.Post("k-1"), backend.Handle);
        await backend.Called.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var duplicate = await envoy.SendAsync(HttpRequestSpec.Post("k-1"), backend.Handle);
        release.SetResult();
        await first;
        var later = await envoy.SendAsync(HttpRequestSpec.Post("k-1"), backend.Handle);

        Assert.Equal(409, duplicate.Status);
        Assert.Equal(ProblemTypes.KeyInUse, duplicate.Problem().GetProperty("type").GetString());
        Assert.Equal("2", duplicate.Header("retry-after"));
        Assert.Equal(201, later.Status);
        Assert.Equal(1, backend.Calls);
    }

    [StoreFact]
    public async Task Waiting_duplicate_extends_the_message_timeout_and_gets_the_first_response()
    {
        var rule = TestRules.Create().Waiting(TimeSpan.FromSeconds(20));
        var (host, envoy) = await StartAsync(rule);
        var release = new TaskCompletionSource();
        var backend = new Backend(UpstreamResponse.Json(201, """{"id":1}""")) { Gate = release.Task };

        var first = envoy.SendAsync(HttpRequestSpec.Post("k-1"), backend.Handle);
        await backend.Called.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // Without the extension this Envoy would give up after its own message timeout and forward the duplicate.
        var duplicateEnvoy = new FakeEnvoy(host.Client, rule.Name, rule.NeedsRequestBody) { MessageTimeout = TimeSpan.FromSeconds(5) };
        var duplicate = duplicateEnvoy.SendAsync(HttpRequestSpec.Post("k-1"), backend.Handle);
        await duplicateEnvoy.Held.Task.WaitAsync(TimeSpan.FromSeconds(30));
        release.SetResult();
        await first;
        var held = await duplicate;

        Assert.False(held.TimedOut);
        Assert.Equal(TimeSpan.FromSeconds(20), Assert.Single(held.TimeoutOverrides));
        Assert.False(held.ReachedBackend);
        Assert.Equal(201, held.Status);
        Assert.Equal("""{"id":1}""", held.BodyText);
        Assert.Equal("true", held.Header("idempotent-replayed"));
        Assert.Equal(1, backend.Calls);
    }

    [StoreFact]
    public async Task Waiting_duplicate_gets_409_when_the_first_request_outlasts_the_wait()
    {
        var (_, envoy) = await StartAsync(TestRules.Create().Waiting(TimeSpan.FromSeconds(1)));
        var release = new TaskCompletionSource();
        var backend = new Backend(UpstreamResponse.Json(201, "{}")) { Gate = release.Task };

        var first = envoy.SendAsync(HttpRequestSpec.Post("k-1"), backend.Handle);
        await backend.Called.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var duplicate = await envoy.SendAsync(HttpRequestSpec.Post("k-1"), backend.Handle);
        release.SetResult();
        await first;

        Assert.Equal(409, duplicate.Status);
        Assert.Single(duplicate.TimeoutOverrides);
    }

    [StoreFact]
    public async Task Waiting_duplicate_takes_over_when_the_first_response_is_not_stored()
    {
        var (_, envoy) = await StartAsync(TestRules.Create().Waiting(TimeSpan.FromSeconds(20)));
        var release = new TaskCompletionSource();
        var failing = new Backend(UpstreamResponse.Json(503, "{}")) { Gate = release.Task };
        var healthy = new Backend(UpstreamResponse.Json(201, "{}"));

        var first = envoy.SendAsync(HttpRequestSpec.Post("k-1"), failing.Handle);
        await failing.Called.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var duplicate = envoy.SendAsync(HttpRequestSpec.Post("k-1"), healthy.Handle);
        await envoy.Held.Task.WaitAsync(TimeSpan.FromSeconds(30));
        release.SetResult();
        await first;

        var retried = await duplicate;
        Assert.True(retried.ReachedBackend);
        Assert.Equal(201, retried.Status);
    }

    [StoreFact]
    public async Task Status_class_not_stored_releases_the_claim_so_a_retry_runs_again()
    {
        var (host, envoy) = await StartAsync(TestRules.Create());
        var backend = new Backend(UpstreamResponse.Json(500, """{"error":"boom"}"""));

        var (first, retry) = await TwiceAsync(envoy, HttpRequestSpec.Post("k-1"), backend);

        Assert.Equal(2, backend.Calls);
        Assert.Equal(500, retry.Status);
        Assert.Equal([Sent.RequestHeaders, Sent.RequestBody, Sent.ResponseHeaders], first.Sent);
        Assert.Equal(BodySendMode.None, Assert.Single(first.ModeOverrides).ResponseBodyMode);
        Assert.Equal(2, host.Decisions[DecisionOutcomes.Released]);
    }

    [StoreFact]
    public async Task Envoy_local_reply_is_not_stored()
    {
        var (_, envoy) = await StartAsync(TestRules.Create());
        var localReply = new Backend(UpstreamResponse.Json(404, "{}") with { CodeDetails = "route_not_found" });

        await TwiceAsync(envoy, HttpRequestSpec.Post("k-1"), localReply);

        Assert.Equal(2, localReply.Calls);
    }

    [StoreFact]
    public async Task Response_without_attributes_counts_as_upstream_and_is_stored()
    {
        var (_, envoy) = await StartAsync(TestRules.Create());
        var backend = new Backend(UpstreamResponse.Json(404, """{"missing":true}""") with { CodeDetails = null });

        var (_, retry) = await TwiceAsync(envoy, HttpRequestSpec.Post("k-1"), backend);

        Assert.Equal(1, backend.Calls);
        Assert.Equal(404, retry.Status);
    }

    [StoreFact]
    public async Task Grpc_response_is_not_stored()
    {
        var (_, envoy) = await StartAsync(TestRules.Create());
        var backend = new Backend(new UpstreamResponse(200, [("content-type", "application/grpc")], [0, 0, 0, 0, 0]));

        await TwiceAsync(envoy, HttpRequestSpec.Post("k-1"), backend);

        Assert.Equal(2, backend.Calls);
    }

    [StoreFact]
    public async Task Response_without_body_is_stored_at_the_headers_phase()
    {
        var (_, envoy) = await StartAsync(TestRules.Create());
        var backend = new Backend(new UpstreamResponse(204, [("x-trace", "t")], []));

        var (first, retry) = await TwiceAsync(envoy, HttpRequestSpec.Post("k-1"), backend);

        Assert.DoesNotContain(Sent.ResponseBody, first.Sent);
        Assert.Equal(204, retry.Status);
        Assert.Equal("t", retry.Header("x-trace"));
        Assert.Empty(retry.Body);
    }

    [StoreFact]
    public async Task Request_without_body_is_decided_at_the_headers_phase()
    {
        var (_, envoy) = await StartAsync(TestRules.Create());
        var backend = new Backend(UpstreamResponse.Json(201, "{}"));

        var (first, retry) = await TwiceAsync(envoy, HttpRequestSpec.Post("k-1", body: ""), backend);

        Assert.Equal([Sent.RequestHeaders, Sent.ResponseHeaders, Sent.ResponseBody], first.Sent);
        Assert.Equal(201, retry.Status);
        Assert.Equal(1, backend.Calls);
    }

    [StoreFact]
    public async Task Tenants_never_see_each_others_responses()
    {
        var (_, envoy) = await StartAsync(TestRules.Create());
        var forA = new Backend(UpstreamResponse.Json(201, """{"tenant":"a"}"""));
        var forB = new Backend(UpstreamResponse.Json(201, """{"tenant":"b"}"""));
        var forNone = new Backend(UpstreamResponse.Json(201, """{"tenant":null}"""));

        await envoy.SendAsync(HttpRequestSpec.Post("shared", tenant: "a"), forA.Handle);
        var b = await envoy.SendAsync(HttpRequestSpec.Post("shared", tenant: "b"), forB.Handle);
        var none = await envoy.SendAsync(HttpRequestSpec.Post("shared", tenant: null), forNone.Handle);
        var empty = await envoy.SendAsync(HttpRequestSpec.Post("shared", tenant: ""), forNone.Handle);
        var retryA = await envoy.SendAsync(HttpRequestSpec.Post("shared", tenant: "a"), forA.Handle);

        Assert.True(b.ReachedBackend);
        Assert.True(none.ReachedBackend);
        Assert.True(empty.ReachedBackend);
        Assert.False(retryA.ReachedBackend);
        Assert.Equal("""{"tenant":"a"}""", retryA.BodyText);
    }

    [StoreFact]
    public async Task Key_from_a_json_body_field()
    {
        var rule = TestRules.Create().WithBodyKey("vendor_data.request_id");
        var (_, envoy) = await StartAsync(rule);
        var backend = new Backend(UpstreamResponse.Json(201, "{}"));
        static HttpRequestSpec WithBody(string body) => HttpRequestSpec.Post(key: null, body);

        await envoy.SendAsync(WithBody("""{"vendor_data":{"request_id":"r-1"},"amount":1}"""), backend.Handle);
        var retry = await envoy.SendAsync(WithBody("""{"vendor_data":{"request_id":"r-1"},"amount":1}"""), backend.Handle);
        var notJson = await envoy.SendAsync(WithBody("amount=1"), backend.Handle);
        var noField = await envoy.SendAsync(WithBody("""{"amount":1}"""), backend.Handle);

        Assert.Equal(1, backend.Calls);
        Assert.Equal("true", retry.Header("idempotent-replayed"));
        Assert.Equal(ProblemTypes.InvalidKey, notJson.Problem().GetProperty("type").GetString());
        Assert.Equal(ProblemTypes.MissingKey, noField.Problem().GetProperty("type").GetString());
    }

    [StoreFact]
    public async Task Body_over_the_rule_limit_gets_413()
    {
        var (_, envoy) = await StartAsync(TestRules.Create() with { MaxBodyBytes = 8 });
        var backend = new Backend(UpstreamResponse.Json(201, "{}"));

        var result = await envoy.SendAsync(HttpRequestSpec.Post("k-1", """{"amount":1000000}"""), backend.Handle);

        Assert.Equal(413, result.Status);
        Assert.Equal(ProblemTypes.BodyTooLarge, result.Problem().GetProperty("type").GetString());
        Assert.Equal(0, backend.Calls);
    }

    [StoreFact]
    public async Task Stream_reset_after_the_claim_releases_it_so_a_retry_runs()
    {
        var rule = TestRules.Create();
        var (host, envoy) = await StartAsync(rule);
        var backend = new Backend(UpstreamResponse.Json(201, "{}"));
        var resetting = new FakeEnvoy(host.Client, rule.Name, rule.NeedsRequestBody) { ResetAfterRequestPhase = true };

        await resetting.SendAsync(HttpRequestSpec.Post("k-1"), backend.Handle);
        await host.Decisions.WaitForAsync(DecisionOutcomes.Abandoned);
        var retry = await envoy.SendAsync(HttpRequestSpec.Post("k-1"), backend.Handle);

        Assert.True(retry.ReachedBackend);
        Assert.Equal(2, host.Decisions[DecisionOutcomes.Continued]);
    }

    [StoreFact]
    public async Task Two_hundred_concurrent_duplicates_reach_the_backend_once()
    {
        const int duplicates = 200;
        var (_, envoy) = await StartAsync(TestRules.Create());
        var othersAnswered = new TaskCompletionSource();
        var backend = new Backend(UpstreamResponse.Json(201, "{}")) { Gate = othersAnswered.Task };
        var answered = 0;

        async Task<ExchangeResult> SendOne()
        {
            var result = await envoy.SendAsync(HttpRequestSpec.Post("hot-key"), backend.Handle);
            if (Interlocked.Increment(ref answered) == duplicates - 1)
            {
                othersAnswered.TrySetResult();
            }

            return result;
        }

        var results = await Task.WhenAll(Enumerable.Range(0, duplicates).Select(_ => Task.Run(SendOne))).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, backend.Calls);
        Assert.Equal(1, results.Count(r => r.ReachedBackend));
        Assert.Equal(duplicates - 1, results.Count(r => r.Status == 409));
    }

    /// <summary>A request and its retry, one after the other.</summary>
    private static async Task<(ExchangeResult First, ExchangeResult Retry)> TwiceAsync(FakeEnvoy envoy, HttpRequestSpec request, Backend backend) =>
        (await envoy.SendAsync(request, backend.Handle), await envoy.SendAsync(request, backend.Handle));

    private async Task<(ExtProcTestHost Host, FakeEnvoy Envoy)> StartAsync(IdempotencyRuleIr rule)
    {
        var host = await ExtProcTestHost.StartAsync(await StoreOptionsAsync(), time: null, rule);
        _hosts.Add(host);
        return (host, host.Envoy(rule));
    }
}
