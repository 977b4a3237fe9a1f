using System.Collections.Immutable;

namespace ControlPlane.Ir;

/// <summary>An ordered route table: the first matching route wins, as in Envoy.</summary>
public sealed record RouteTableIr(string Name, EquatableArray<RouteIr> Routes);

/// <param name="Name">Unique within the gateway.</param>
/// <param name="Hosts">Host names this route answers for; <c>*</c> means any. Ports in the Host header are ignored.</param>
/// <param name="UpstreamName">The <see cref="UpstreamIr.Name"/> requests are sent to.</param>
/// <param name="Timeout">Upstream response timeout; null keeps Envoy's default (15 s).</param>
/// <param name="Idempotency">Idempotency rules bound to this route, at most one per method.</param>
public sealed record RouteIr(
    string Name,
    EquatableArray<string> Hosts,
    PathMatchIr Path,
    EquatableArray<HeaderMatchIr> Headers,
    string UpstreamName,
    TimeSpan? Timeout,
    EquatableArray<IdempotencyBindingIr> Idempotency);

public enum PathMatchKind
{
    Exact,
    Prefix,
    Regex,
}

public sealed record PathMatchIr(PathMatchKind Kind, string Value);

public enum HeaderMatchKind
{
    Exact,
    Prefix,
    Regex,
    Present,
}

/// <param name="Name">Lower-case header name.</param>
/// <param name="Value">Ignored for <see cref="HeaderMatchKind.Present"/>.</param>
public sealed record HeaderMatchIr(string Name, HeaderMatchKind Kind, string Value, bool Invert);

/// <summary>Requests with one of <see cref="Methods"/> on the route go through the enforcement service under <see cref="RuleName"/>.</summary>
public sealed record IdempotencyBindingIr(string RuleName, EquatableArray<string> Methods);
