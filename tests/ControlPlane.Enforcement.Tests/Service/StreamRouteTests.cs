using ControlPlane.Enforcement.Service;
using ControlPlane.Ir;
using Grpc.Core;

namespace ControlPlane.Enforcement.Tests.Service;

public sealed class StreamRouteTests
{
    [Theory]
    [InlineData("open", FailureMode.Open)]
    [InlineData("closed", FailureMode.Closed)]
    [InlineData(null, FailureMode.Closed)]
    [InlineData("OPEN", FailureMode.Closed)]
    internal void The_failure_mode_is_closed_unless_the_route_says_open(string? sent, FailureMode expected)
    {
        var headers = new Metadata { { EnforcementContract.RuleMetadataHeader, "payments" } };
        if (sent is not null)
        {
            headers.Add(EnforcementContract.FailureModeMetadataHeader, sent);
        }

        Assert.Equal(expected, StreamRoute.From(headers).FailureMode);
    }

    [Theory]
    [InlineData(null, 150)]
    [InlineData("1000", 950)]
    [InlineData("60", 20)]
    [InlineData("not-a-number", 150)]
    public void The_store_deadline_is_the_message_timeout_less_the_margin_never_below_the_floor(string? messageTimeoutMs, int expectedMs)
    {
        var headers = new Metadata();
        if (messageTimeoutMs is not null)
        {
            headers.Add(EnforcementContract.MessageTimeoutMetadataHeader, messageTimeoutMs);
        }

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), StreamRoute.From(headers).StoreDeadline(new EnforcementOptions()));
    }
}
