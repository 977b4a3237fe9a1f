using ControlPlane.Xds.Protocol;
using Envoy.Service.Discovery.V3;
using Grpc.Core;

namespace ControlPlane.Xds.Services;

/// <summary>ADS: every type on one stream, in the protocol's order.</summary>
internal sealed class AggregatedDiscoveryServiceImpl(XdsServerContext server) : AggregatedDiscoveryService.AggregatedDiscoveryServiceBase
{
    public override Task StreamAggregatedResources(IAsyncStreamReader<DiscoveryRequest> requestStream, IServerStreamWriter<DiscoveryResponse> responseStream, ServerCallContext context) =>
        new SotwStream(server, serviceType: null, responseStream).RunAsync(requestStream, context);

    public override Task DeltaAggregatedResources(IAsyncStreamReader<DeltaDiscoveryRequest> requestStream, IServerStreamWriter<DeltaDiscoveryResponse> responseStream, ServerCallContext context) =>
        new DeltaStream(server, serviceType: null, responseStream).RunAsync(requestStream, context);
}
