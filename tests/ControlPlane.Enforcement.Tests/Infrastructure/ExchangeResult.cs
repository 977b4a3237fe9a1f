using System.Text;
using System.Text.Json;
using Envoy.Extensions.Filters.Http.ExtProc.V3;
using Envoy.Service.ExtProc.V3;

namespace ControlPlane.Enforcement.Tests.Infrastructure;

/// <summary>What the client of the gateway got, and what the ext_proc conversation looked like.</summary>
internal sealed class ExchangeResult
{
    public bool ReachedBackend { get; set; }

    public int Status { get; set; }

    /// <summary>Final response headers (immediate-response mutations applied as Envoy applies them).</summary>
    public List<(string Name, string Value)> Headers { get; } = [];

    public byte[] Body { get; set; } = [];

    public ImmediateResponse? Immediate { get; set; }

    public List<TimeSpan> TimeoutOverrides { get; } = [];

    public List<ProcessingMode> ModeOverrides { get; } = [];

    /// <summary>Messages the fake Envoy sent, by kind, in order.</summary>
    public List<ProcessingRequest.RequestOneofCase> Sent { get; } = [];

    /// <summary>Header mutations that would break a real Envoy (a <c>value</c> instead of <c>raw_value</c>, no append flag).</summary>
    public List<string> MutationViolations { get; } = [];

    /// <summary>Envoy gave up waiting for an answer (message timeout) and forwarded the request without idempotency.</summary>
    public bool TimedOut { get; set; }

    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.Where(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    public JsonElement Problem()
    {
        Assert.Equal("application/problem+json", Header("content-type"));
        return JsonDocument.Parse(Body).RootElement;
    }
}
