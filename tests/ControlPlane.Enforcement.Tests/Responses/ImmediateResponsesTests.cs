using System.Text.Json;
using ControlPlane.Enforcement.Responses;
using ControlPlane.Enforcement.Stores;

namespace ControlPlane.Enforcement.Tests.Responses;

public sealed class ImmediateResponsesTests
{
    public static TheoryData<string> Types() => [.. ProblemTypes.All.Select(t => t.Type)];

    [Theory]
    [MemberData(nameof(Types))]
    public void Problem_types_are_stable_https_uris_with_distinct_names(string type)
    {
        Assert.StartsWith("https://idempotency.gateway/problems/", type, StringComparison.Ordinal);
        Assert.Single(ProblemTypes.All, t => t.Type == type);
    }

    [Fact]
    public void Problems_are_rfc9457_json_with_content_type_and_retry_after()
    {
        var answer = ImmediateResponses.ForProblem(Problem.KeyInUse(TimeSpan.FromSeconds(1.2)));
        var body = JsonDocument.Parse(answer.Body.Memory).RootElement;

        Assert.Equal(409, (int)answer.Status.Code);
        Assert.Equal(ProblemTypes.KeyInUse, body.GetProperty("type").GetString());
        Assert.Equal("Idempotency key in use", body.GetProperty("title").GetString());
        Assert.Equal(409, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("detail").GetString()));
        Assert.Equal(["content-type", "retry-after"], answer.Headers.SetHeaders.Select(h => h.Header.Key));
        Assert.Equal("application/problem+json"u8.ToArray(), answer.Headers.SetHeaders[0].Header.RawValue.ToByteArray());
        Assert.Equal("2"u8.ToArray(), answer.Headers.SetHeaders[1].Header.RawValue.ToByteArray());
        Assert.DoesNotContain(' ', answer.Details);
    }

    [Fact]
    public void Replays_set_raw_values_only_with_explicit_append_flags()
    {
        var stored = new StoredResponse(
            201,
            [new("content-type", "application/json"u8.ToArray()), new("set-cookie", "a=1"u8.ToArray()), new("set-cookie", "b=2"u8.ToArray())],
            "{}"u8.ToArray());

        var answer = ImmediateResponses.ForReplay(stored, "idempotent-replayed");
        var headers = answer.Headers.SetHeaders;

        Assert.Equal(201, (int)answer.Status.Code);
        Assert.Equal("{}", answer.Body.ToStringUtf8());
        Assert.All(headers, h => Assert.Equal("", h.Header.Value));
        Assert.All(headers, h => Assert.False(h.Header.RawValue.IsEmpty));
        Assert.Equal([false, false, true, false], headers.Select(h => h.Append));
        Assert.Equal("idempotent-replayed", headers[^1].Header.Key);
        Assert.Equal("true", headers[^1].Header.RawValue.ToStringUtf8());
    }
}
