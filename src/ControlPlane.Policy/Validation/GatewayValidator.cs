using System.Net;
using ControlPlane.Policy.Diagnostics;
using ControlPlane.Policy.Model;
using ControlPlane.Policy.Reading;

namespace ControlPlane.Policy.Validation;

/// <summary>Checks within one gateway: unique names, listener ports, route targets, enforcement timeouts.</summary>
internal static class GatewayValidator
{
    public static void Validate(GatewayModel gateway, DiagnosticBag diagnostics)
    {
        DuplicateNames.Report(gateway.Listeners, l => l.Name, l => l.At, "listener", diagnostics);
        DuplicateNames.Report(gateway.Upstreams, u => u.Name, u => u.At, "upstream", diagnostics);
        DuplicateNames.Report(gateway.Routes, r => r.Name, r => r.At, "route", diagnostics);
        CheckPorts(gateway, diagnostics);
        CheckUpstreamReferences(gateway, diagnostics);
        if (gateway.Clean && gateway.Enforcement.MessageTimeout > gateway.Enforcement.MaxMessageTimeout)
        {
            diagnostics.Report(gateway.MaxMessageTimeoutAt, "maxMessageTimeout must not be shorter than messageTimeout");
        }
    }

    private static void CheckPorts(GatewayModel gateway, DiagnosticBag diagnostics)
    {
        var listeners = gateway.Listeners.Where(l => l.Port > 0).ToList();
        for (var i = 0; i < listeners.Count; i++)
        {
            var clash = listeners.Take(i).FirstOrDefault(earlier => Overlaps(earlier, listeners[i]));
            if (clash is not null)
            {
                var listener = listeners[i];
                diagnostics.Report(
                    listener.PortAt,
                    $"port {listener.Port} on {listener.Address} clashes with listener '{Quoted.Prefix(clash.Name)}' on {clash.Address} ({clash.PortAt.Location})");
            }
        }
    }

    /// <summary>Same port, and the same address or a wildcard address on either side.</summary>
    private static bool Overlaps(ListenerModel a, ListenerModel b) =>
        a.Port == b.Port && (a.Address == b.Address || IsWildcard(a.Address) || IsWildcard(b.Address));

    private static bool IsWildcard(string address) =>
        IPAddress.TryParse(address, out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any));

    private static void CheckUpstreamReferences(GatewayModel gateway, DiagnosticBag diagnostics)
    {
        var upstreams = gateway.Upstreams.Select(u => u.Name).Where(n => n.Length > 0).ToHashSet(StringComparer.Ordinal);
        foreach (var route in gateway.Routes.Where(r => r.Upstream.Length > 0 && !upstreams.Contains(r.Upstream)))
        {
            diagnostics.Report(
                route.UpstreamAt,
                $"upstream '{Quoted.Prefix(route.Upstream)}' is not defined in gateway '{Quoted.Prefix(gateway.Name)}'{NameSuggester.Hint(route.Upstream, upstreams)}");
        }
    }
}
