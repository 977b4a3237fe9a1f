using System.Text;

namespace ControlPlane.Translation;

/// <summary>
/// How Envoy resources are named. Everything a policy author named is prefixed by the gateway, so it can never
/// collide with the fixed-name clusters (<c>idempotency-enforcement</c>, the bootstrap's <c>xds-control-plane</c>):
/// Envoy rejects a dynamic cluster that shares a static cluster's name.
/// </summary>
internal static class EnvoyNames
{
    public const string ConnectionManagerFilter = "envoy.filters.network.http_connection_manager";

    public const string RouterFilter = "envoy.filters.http.router";

    /// <summary><c>&lt;gateway&gt;/&lt;listener&gt;</c>.</summary>
    public static string Listener(string gateway, string listener) => $"{gateway}/{listener}";

    /// <summary><c>&lt;gateway&gt;/&lt;route table&gt;</c>.</summary>
    public static string RouteConfiguration(string gateway, string routeTable) => $"{gateway}/{routeTable}";

    /// <summary><c>&lt;gateway&gt;/&lt;upstream&gt;</c>; the EDS load assignment carries the same name.</summary>
    public static string Cluster(string gateway, string upstream) => $"{gateway}/{upstream}";

    /// <summary>The route as declared; requests the idempotency rule does not cover take it.</summary>
    public static string PlainRoute(string route) => route;

    /// <summary><c>&lt;route&gt;/idempotent/&lt;rule&gt;</c>: the method-specific copy that enables the enforcement filter.</summary>
    public static string IdempotentRoute(string route, string rule) => $"{route}/idempotent/{rule}";

    /// <summary>The virtual host's domains joined by commas, e.g. <c>api.example.com,www.example.com</c>.</summary>
    public static string VirtualHost(IEnumerable<string> domains) => string.Join(',', domains);

    /// <summary>
    /// Stats prefix of a listener's connection manager: Envoy's tag extraction splits <c>http.&lt;prefix&gt;.</c> at the
    /// first dot, so dots (and slashes) become underscores.
    /// </summary>
    public static string StatPrefix(string gateway, string listener)
    {
        var builder = new StringBuilder(gateway.Length + listener.Length + 1);
        Append(builder, gateway);
        builder.Append('_');
        Append(builder, listener);
        return builder.ToString();

        static void Append(StringBuilder builder, string value)
        {
            foreach (var c in value)
            {
                builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
            }
        }
    }
}
