using ControlPlane.Xds.Tests.Infrastructure;
using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Google.Protobuf;
using Grpc.Core;

namespace ControlPlane.Xds.Tests;

/// <summary>A malformed request ends only its own stream, with InvalidArgument and a message that says what was wrong.</summary>
public sealed class BadRequestTests
{
    private static readonly Node GoodNode = new() { Id = "bad-node", Cluster = SyncedEnvoy.Group };

    private static readonly Dictionary<string, (BadRequest Request, string Mentions)> Cases = new()
    {
        ["unknown type URL"] = (new("type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret", GoodNode), "unknown type_url"),
        ["missing node id"] = (new(ResourceTypes.Cluster, new Node { Cluster = SyncedEnvoy.Group }), "node.id"),
        ["missing node cluster"] = (new(ResourceTypes.Cluster, new Node { Id = "bad-node" }), "node.cluster"),
        ["too many resource names"] = (new(ResourceTypes.Endpoint, GoodNode, Names: [.. Enumerable.Range(0, 9).Select(i => $"c{i}")]), "at most 8"),
        ["oversized resource name"] = (new(ResourceTypes.Endpoint, GoodNode, Names: [new string('x', 65)]), "limit of 64"),
        ["oversized stated version"] = (new(ResourceTypes.Endpoint, GoodNode, Version: new string('v', 65)), "limit of 64"),
        ["message over MaxRequestBytes"] = (new(ResourceTypes.Cluster, GoodNode, ErrorText: new string('e', 8192)), "4096 bytes"),
    };

    public static TheoryData<XdsVariant, string> VariantsAndCases() => VariantCases.Of(Cases.Keys);

    [Theory]
    [MemberData(nameof(VariantsAndCases))]
    public async Task A_bad_request_ends_only_its_stream_with_invalid_argument(XdsVariant variant, string badness)
    {
        var (request, mentions) = Cases[badness];
        await using var synced = await SyncedEnvoy.StartAsync(variant, GatewayConfig.Simple("a"), options =>
        {
            options.MaxResourceNamesPerRequest = 8;
            options.MaxNameLength = 64;
            options.MaxRequestBytes = 4096;
        });
        await using var bad = EnvoyClients.Open(variant, synced.Server.Channel, "bad-node", SyncedEnvoy.Group);

        await bad.SendRawAsync(request.For(variant));

        var error = await Assert.ThrowsAsync<RpcException>(() => bad.Completion.WithinGuard("the bad stream to end"));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(mentions, error.Status.Detail, StringComparison.Ordinal);
        await synced.UpdateAsync(GatewayConfig.Simple("a").Endpoints("a", 9090));
    }

    /// <param name="Version">What the client says it holds: SotW version_info, delta initial_resource_versions of "a".</param>
    internal sealed record BadRequest(string TypeUrl, Node Node, string[]? Names = null, string? ErrorText = null, string? Version = null)
    {
        public IMessage For(XdsVariant variant)
        {
            var error = ErrorText is null ? null : new Google.Rpc.Status { Code = 3, Message = ErrorText };
            if (variant == XdsVariant.Sotw)
            {
                return new DiscoveryRequest { TypeUrl = TypeUrl, Node = Node, ResourceNames = { Names ?? [] }, ErrorDetail = error, VersionInfo = Version ?? "" };
            }

            var delta = new DeltaDiscoveryRequest { TypeUrl = TypeUrl, Node = Node, ResourceNamesSubscribe = { Names ?? [] }, ErrorDetail = error };
            if (Version is not null)
            {
                delta.InitialResourceVersions["a"] = Version;
            }

            return delta;
        }
    }
}
