using ControlPlane.Translation.Common;
using Envoy.Config.Listener.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Google.Protobuf.WellKnownTypes;

namespace ControlPlane.Translation.Listeners;

internal static class ListenerTranslator
{
    public static Listener Translate(ListenerInput input)
    {
        var (gateway, ir, enforcement) = input;
        var manager = new HttpConnectionManager
        {
            StatPrefix = EnvoyNames.StatPrefix(gateway, ir.Name),
            CodecType = HttpConnectionManager.Types.CodecType.Auto,
            Rds = new Rds
            {
                ConfigSource = ProtoValues.AdsConfigSource(),
                RouteConfigName = EnvoyNames.RouteConfiguration(gateway, ir.RouteTableName),
            },
            GenerateRequestId = ir.RequestId.Generate,
            PreserveExternalRequestId = ir.RequestId.PreserveExternal,
            AlwaysSetRequestIdInResponse = ir.RequestId.ReturnInResponse,
            HttpFilters = { HttpFilters.Build(enforcement) },
        };

        var listener = new Listener
        {
            Name = EnvoyNames.Listener(gateway, ir.Name),
            Address = ProtoValues.SocketAddress(ir.BindAddress, ir.Port),
            FilterChains =
            {
                new FilterChain
                {
                    Filters = { new Filter { Name = EnvoyNames.ConnectionManagerFilter, TypedConfig = Any.Pack(manager) } },
                },
            },
        };

        // Also caps buffered ext_proc bodies: a larger request body gets 413 from Envoy.
        if (ir.PerConnectionBufferLimitBytes is { } limit)
        {
            listener.PerConnectionBufferLimitBytes = limit;
        }

        return listener;
    }
}
