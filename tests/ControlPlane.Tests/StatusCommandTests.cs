using System.Text.Json;
using ControlPlane.Admin;
using ControlPlane.Cli;
using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;

namespace ControlPlane.Tests;

/// <summary><c>status</c> against a real running server, with Envoy-like clients: one in sync, one that NACKs.</summary>
public sealed class StatusCommandTests
{
    private const string NackMessage = "listener 'public/http' rejected: bad filter";

    [Fact]
    public async Task Table_shows_each_stream_per_type_the_nack_the_served_versions_the_reload_and_the_store()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        await using var server = await RunningServer.StartAsync(policies.Root);
        await using var envoy = await EnvoyLikeClient.ConnectAsync(server.Channel, "public");
        await envoy.ReceiveConfigAsync(TimeSpan.FromMilliseconds(300));
        using var nacker = await NackClusters(server, "nacking-node");

        var (code, output, errors) = await RunAsync("status", "--admin", Admin(server));

        Assert.Equal(0, code);
        Assert.Empty(errors);
        var lines = output.Split('\n');
        Assert.StartsWith("NODE ID", lines[0], StringComparison.Ordinal);
        var synced = Assert.Single(lines, l => l.StartsWith("public-test-node ", StringComparison.Ordinal));
        Assert.Equal(4, CountOf(synced, "SYNCED "));
        Assert.Contains("ADS sotw", synced, StringComparison.Ordinal);
        var nacking = Assert.Single(lines, l => l.StartsWith("nacking-node ", StringComparison.Ordinal));
        Assert.Contains("NACKED ", nacking, StringComparison.Ordinal);
        Assert.Contains("(acked none)", nacking, StringComparison.Ordinal);
        Assert.Contains("NOT SENT", nacking, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("NACK nacking-node ", StringComparison.Ordinal) && l.EndsWith(NackMessage, StringComparison.Ordinal));

        var served = await Served(server);
        var group = Assert.Single(served.Groups!);
        Assert.Contains(lines, l => l.StartsWith("public ", StringComparison.Ordinal) && l.Contains(group.Version!, StringComparison.Ordinal) && l.Contains(group.Versions!["RDS"], StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Last reload: Applied at ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Serving since ", StringComparison.Ordinal) && l.EndsWith(", 3 rules", StringComparison.Ordinal));
        Assert.Contains("Store: memory, reachable", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_is_the_status_document_and_gateway_filters_streams_and_groups()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        await using var server = await RunningServer.StartAsync(policies.Root);
        await using var envoy = await EnvoyLikeClient.ConnectAsync(server.Channel, "public");
        await envoy.ReceiveConfigAsync(TimeSpan.FromMilliseconds(300));
        using var other = await NackClusters(server, "other-node", group: "other");

        var (code, output, _) = await RunAsync("status", "--admin", Admin(server), "--format", "json");
        Assert.Equal(0, code);
        var all = JsonSerializer.Deserialize(output, StatusJson.Default.StatusDocument)!;
        Assert.Equal(2, all.Nodes!.Count);

        (code, output, _) = await RunAsync("status", "--admin", Admin(server), "--format", "json", "--gateway", "public");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var node = Assert.Single(json.RootElement.GetProperty("nodes").EnumerateArray());
        Assert.Equal("public-test-node", node.GetProperty("nodeId").GetString());
        Assert.All(node.GetProperty("types").EnumerateArray(), t => Assert.Equal("SYNCED", t.GetProperty("state").GetString()));
        Assert.Equal("public", Assert.Single(json.RootElement.GetProperty("groups").EnumerateArray()).GetProperty("group").GetString());
        Assert.Equal("Applied", json.RootElement.GetProperty("reload").GetProperty("outcome").GetString());

        (code, output, _) = await RunAsync("status", "--admin", Admin(server), "--gateway", "other");
        Assert.Equal(0, code);
        Assert.Contains(output.Split('\n'), l => l.StartsWith("other-node ", StringComparison.Ordinal) && l.Contains("NOT SENT", StringComparison.Ordinal));
        Assert.DoesNotContain("public-test-node", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_reload_shows_its_errors_while_the_last_good_set_keeps_serving()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        await using var server = await RunningServer.StartAsync(policies.Root);
        var reloads = server.Status.Reloads;
        policies.WriteAtomically("idempotency/sessions.yaml", policies.Read("idempotency/sessions.yaml").Replace("ttl: 24h", "ttl: forever", StringComparison.Ordinal));
        await server.WaitForReloadAsync(reloads);

        var (code, output, _) = await RunAsync("status", "--admin", Admin(server));

        Assert.Equal(0, code);
        var lines = output.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("Last reload: Rejected at ", StringComparison.Ordinal) && l.EndsWith(", 1 error", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  idempotency/sessions.yaml:", StringComparison.Ordinal) && l.Contains("spec.ttl", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Serving since ", StringComparison.Ordinal));
        Assert.Contains("No Envoy connected.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_admin_is_one_line_and_exit_1()
    {
        var (code, output, errors) = await RunAsync("status", "--admin", $"http://127.0.0.1:{TestPorts.Free()}");

        Assert.Equal(1, code);
        Assert.Empty(output);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: cannot read status from http://127.0.0.1:", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_admin_url_is_a_usage_error()
    {
        var (code, _, errors) = await RunAsync("status", "--admin", "127.0.0.1:19000");

        Assert.Equal(2, code);
        Assert.Contains("--admin must be an http:// or https:// URL", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_debug_endpoint_behind_a_token_is_read_with_the_token_file_and_refused_without()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        const string token = "status-token-0123456789";
        await using var server = await RunningServer.StartAsync(policies.Root, settings: new Dictionary<string, string?> { ["ControlPlane:Debug:Token"] = token });
        policies.WriteAtomically("token.txt", token + "\n");

        var (refused, _, refusal) = await RunAsync("status", "--admin", Admin(server));
        var (code, output, _) = await RunAsync("status", "--admin", Admin(server), "--token-file", policies.PathOf("token.txt"), "--format", "json");

        Assert.Equal(1, refused);
        Assert.Contains("401", refusal, StringComparison.Ordinal);
        Assert.Equal(0, code);
        Assert.Contains("\"serving\"", output, StringComparison.Ordinal);
    }

    private static string Admin(RunningServer server) => $"http://127.0.0.1:{server.Options.DebugPort}";

    private static async Task<StatusDocument> Served(RunningServer server)
    {
        using var http = new HttpClient();
        return JsonSerializer.Deserialize(await http.GetStringAsync(Admin(server) + "/status"), StatusJson.Default.StatusDocument)!;
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    /// <summary>A stream that NACKs the first CDS response (with the error Envoy would send) and asks for nothing else.</summary>
    private static async Task<NackingStream> NackClusters(RunningServer server, string nodeId, string group = "public")
    {
        var call = new AggregatedDiscoveryService.AggregatedDiscoveryServiceClient(server.Channel).StreamAggregatedResources();
        var node = new Node { Id = nodeId, Cluster = group };
        await call.RequestStream.WriteAsync(new DiscoveryRequest { Node = node, TypeUrl = TypeUrls.Cluster });
        if (group == "public")
        {
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            var response = call.ResponseStream.Current;
            await call.RequestStream.WriteAsync(new DiscoveryRequest
            {
                TypeUrl = TypeUrls.Cluster,
                ResponseNonce = response.Nonce,
                ErrorDetail = new Google.Rpc.Status { Code = 3, Message = NackMessage },
            });
        }

        await WaitUntil(server, nodeId, group == "public" ? "ERROR" : null);
        return new NackingStream(call);
    }

    private static async Task WaitUntil(RunningServer server, string nodeId, string? state)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var node = (await Served(server)).Nodes?.FirstOrDefault(n => n.NodeId == nodeId);
            if (node is not null && (state is null || node.Types.Any(t => t.State == state)))
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"node {nodeId} did not reach {state ?? "connected"}");
    }

    private static async Task<(int Code, string Output, string Errors)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var code = await ControlPlaneCli.RunAsync(args, output, errors);
        return (code, output.ToString(), errors.ToString());
    }

    private sealed class NackingStream(Grpc.Core.AsyncDuplexStreamingCall<DiscoveryRequest, DiscoveryResponse> call) : IDisposable
    {
        public void Dispose() => call.Dispose();
    }
}
