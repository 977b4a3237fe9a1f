using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Http.ExtProc.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Envoy.Type.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using BodyMutation = Envoy.Service.ExtProc.V3.BodyMutation;
using UpstreamHttpProtocolOptions = Envoy.Extensions.Upstreams.Http.V3.HttpProtocolOptions;

namespace ControlPlane.Protos.Tests;

/// <summary>What consumers of the generated code rely on, checked without the reference tree.</summary>
public sealed class GeneratedTypesTests
{
    public static TheoryData<IMessage, string> ResourcesAndTypeUrls => new()
    {
        { new Listener(), "type.googleapis.com/envoy.config.listener.v3.Listener" },
        { new RouteConfiguration(), "type.googleapis.com/envoy.config.route.v3.RouteConfiguration" },
        { new Cluster(), "type.googleapis.com/envoy.config.cluster.v3.Cluster" },
        { new ClusterLoadAssignment(), "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment" },
        { new HttpConnectionManager(), "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager" },
        { new ExternalProcessor(), "type.googleapis.com/envoy.extensions.filters.http.ext_proc.v3.ExternalProcessor" },
        { new ExtProcPerRoute(), "type.googleapis.com/envoy.extensions.filters.http.ext_proc.v3.ExtProcPerRoute" },
        { new UpstreamHttpProtocolOptions(), "type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions" },
    };

    [Theory]
    [MemberData(nameof(ResourcesAndTypeUrls))]
    public void Packed_resources_carry_envoys_type_url(IMessage resource, string typeUrl)
    {
        Assert.Equal(typeUrl, Any.Pack(resource).TypeUrl);
    }

    [Fact]
    public void An_immediate_response_status_has_envoys_wire_bytes()
    {
        // Field 1 (varint) = 404.
        var bytes = new HttpStatus { Code = StatusCode.NotFound }.ToByteArray();

        Assert.Equal(new byte[] { 0x08, 0x94, 0x03 }, bytes);
    }

    [Fact]
    public void Body_mutation_keeps_clear_body_despite_the_generated_name_collision()
    {
        var mutation = new BodyMutation { ClearBody = true };
        var parsed = BodyMutation.Parser.ParseFrom(mutation.ToByteArray());

        Assert.Equal(BodyMutation.MutationOneofCase.ClearBody, parsed.MutationCase);
        Assert.True(parsed.ClearBody);

        parsed.Body = ByteString.CopyFromUtf8("replacement");
        parsed.ClearBodyCase();
        Assert.Equal(BodyMutation.MutationOneofCase.None, parsed.MutationCase);
    }
}
