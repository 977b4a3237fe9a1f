using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using BootstrapConfig = Envoy.Config.Bootstrap.V3.Bootstrap;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Http.ExtProc.V3;
using Envoy.Extensions.Filters.Http.Router.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using UpstreamHttpProtocolOptions = Envoy.Extensions.Upstreams.Http.V3.HttpProtocolOptions;

namespace ControlPlane.Translation.ConfigDump;

/// <summary>
/// Protobuf JSON the way Envoy's config dump prints it: proto field names (snake_case), default values left out,
/// and every nested <c>Any</c> expanded with its <c>@type</c>.
/// </summary>
internal static class EnvoyJson
{
    /// <summary>Every message that can sit inside an <c>Any</c> we produce; files' dependencies come along.</summary>
    private static readonly TypeRegistry Registry = TypeRegistry.FromMessages(
        Listener.Descriptor,
        RouteConfiguration.Descriptor,
        Cluster.Descriptor,
        ClusterLoadAssignment.Descriptor,
        HttpConnectionManager.Descriptor,
        ExternalProcessor.Descriptor,
        ExtProcPerRoute.Descriptor,
        Router.Descriptor,
        UpstreamHttpProtocolOptions.Descriptor,
        Envoy.Extensions.TransportSockets.Tls.V3.UpstreamTlsContext.Descriptor,
        BootstrapConfig.Descriptor);

    private static readonly JsonFormatter Formatter = new(
        JsonFormatter.Settings.Default.WithTypeRegistry(Registry).WithPreserveProtoFieldNames(true));

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The message's fields, or with <paramref name="withType"/> an <c>@type</c> first, as in a config dump.</summary>
    public static JsonObject ToNode(IMessage message, bool withType)
    {
        var json = withType ? Formatter.Format(Any.Pack(message)) : Formatter.Format(message);
        return JsonNode.Parse(json)!.AsObject();
    }

    public static string Write(JsonNode node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            node.WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    public static string Render(JsonNode node, ConfigFormat format) => format switch
    {
        ConfigFormat.Json => Write(node),
        ConfigFormat.Yaml => YamlWriter.Write(node),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown format."),
    };
}
