using ControlPlane.Xds.Cache;
using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Tests;

/// <summary>Edits to the watched directory reach the snapshot cache; bad edits never do.</summary>
public sealed class HotReloadTests
{
    [Fact]
    public async Task An_edit_is_published_and_only_the_touched_resources_change()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        await using var server = await RunningServer.StartAsync(policies.Root);
        var cache = server.App.Services.GetRequiredService<ISnapshotCache>();
        var before = cache.Get("public")!;
        var reloads = server.Status.Reloads;

        policies.WriteAtomically("idempotency/sessions.yaml", policies.Read("idempotency/sessions.yaml").Replace("methods: [POST]", "methods: [POST, PUT]", StringComparison.Ordinal));
        var report = await server.WaitForReloadAsync(reloads);

        Assert.True(report.Succeeded, string.Join('\n', report.Errors));
        var after = cache.Get("public")!;
        Assert.NotEqual(before.Version, after.Version);
        var changed = SnapshotDiff(before, after);
        Assert.NotEmpty(changed);
        Assert.All(changed, name => Assert.StartsWith("RDS/", name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_edit_Envoy_does_not_see_publishes_no_new_snapshot()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        await using var server = await RunningServer.StartAsync(policies.Root);
        var cache = server.App.Services.GetRequiredService<ISnapshotCache>();
        var before = cache.Get("public")!;
        var reloads = server.Status.Reloads;

        // The TTL matters to the enforcement service only; Envoy's resources stay byte for byte the same.
        policies.WriteAtomically("idempotency/sessions.yaml", policies.Read("idempotency/sessions.yaml").Replace("ttl: 24h", "ttl: 12h", StringComparison.Ordinal));
        var report = await server.WaitForReloadAsync(reloads);

        Assert.True(report.Succeeded);
        Assert.Same(before, cache.Get("public"));
    }

    [Fact]
    public async Task An_invalid_edit_keeps_the_last_good_config_and_reports_where()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        await using var server = await RunningServer.StartAsync(policies.Root);
        var cache = server.App.Services.GetRequiredService<ISnapshotCache>();
        var good = cache.Get("public")!;
        var reloads = server.Status.Reloads;

        policies.WriteAtomically("idempotency/sessions.yaml", policies.Read("idempotency/sessions.yaml").Replace("ttl: 24h", "ttl: 24 hours", StringComparison.Ordinal));
        var report = await server.WaitForReloadAsync(reloads);

        Assert.False(report.Succeeded);
        Assert.Contains(report.Errors, e => e.StartsWith("idempotency/sessions.yaml:", StringComparison.Ordinal) && e.Contains("ttl", StringComparison.Ordinal));
        Assert.Same(good, cache.Get("public"));
        Assert.NotNull(server.Status.LastGood);
    }

    [Fact]
    public async Task A_burst_of_writes_is_debounced_into_few_reloads()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        await using var server = await RunningServer.StartAsync(policies.Root);
        var reloads = server.Status.Reloads;
        var text = policies.Read("idempotency/sessions.yaml");

        for (var i = 0; i < 30; i++)
        {
            policies.WriteAtomically("idempotency/sessions.yaml", text.Replace("ttl: 24h", $"ttl: {i + 1}h", StringComparison.Ordinal));
        }

        await server.WaitForReloadAsync(reloads);
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        // One reload for the burst, plus at most a split at the 1 s maximum delay and a confirming poll on a slow machine.
        var count = server.Status.Reloads - reloads;
        Assert.InRange(count, 1, 5);
        Assert.True(server.Status.Latest!.Succeeded);
    }

    [Fact]
    public async Task A_kubernetes_configmap_symlink_swap_is_picked_up()
    {
        using var policies = new PolicyDirectory();
        var version1 = Path.Combine(policies.Root, "..2026_11_27_00_00_00.000000001");
        CopyExamples(version1);
        File.CreateSymbolicLink(Path.Combine(policies.Root, "..data"), Path.GetFileName(version1));
        foreach (var entry in new[] { "gateways", "idempotency" })
        {
            Directory.CreateSymbolicLink(Path.Combine(policies.Root, entry), Path.Combine("..data", entry));
        }

        await using var server = await RunningServer.StartAsync(policies.Root);
        Assert.True(server.Status.LastGood?.Succeeded, string.Join('\n', server.Status.Latest?.Errors ?? []));
        var cache = server.App.Services.GetRequiredService<ISnapshotCache>();
        var before = cache.Get("public")!;
        var reloads = server.Status.Reloads;

        // What the kubelet does: new timestamped directory, new ..data_tmp link, rename over ..data, delete the old one.
        var version2 = Path.Combine(policies.Root, "..2026_11_27_00_05_00.000000002");
        CopyExamples(version2);
        var sessions = Path.Combine(version2, "idempotency", "sessions.yaml");
        File.WriteAllText(sessions, File.ReadAllText(sessions).Replace("methods: [POST]", "methods: [POST, PUT]", StringComparison.Ordinal));
        var temporaryLink = Path.Combine(policies.Root, "..data_tmp");
        File.CreateSymbolicLink(temporaryLink, Path.GetFileName(version2));
        Assert.Equal(0, NativeRename(temporaryLink, Path.Combine(policies.Root, "..data")));
        Directory.Delete(version1, recursive: true);

        var report = await server.WaitForReloadAsync(reloads);
        if (!report.Succeeded || cache.Get("public") == before)
        {
            report = await server.WaitForReloadAsync(server.Status.Reloads);
        }

        Assert.True(report.Succeeded, string.Join('\n', report.Errors));
        Assert.NotEqual(before.Version, cache.Get("public")!.Version);
    }

    // rename(2) replaces the link itself atomically; .NET's File.Move follows a link to a directory.
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int NativeRename(string oldPath, string newPath);

    private static void CopyExamples(string target)
    {
        foreach (var file in Directory.EnumerateFiles(PolicyDirectory.ExamplePolicies, "*.yaml", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(PolicyDirectory.ExamplePolicies, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    private static List<string> SnapshotDiff(XdsSnapshot before, XdsSnapshot after)
    {
        var changed = new List<string>();
        foreach (var (type, prefix) in new[] { (TypeUrls.Cluster, "CDS"), (TypeUrls.Endpoint, "EDS"), (TypeUrls.Listener, "LDS"), (TypeUrls.Route, "RDS") })
        {
            var old = before.Get(type).Resources;
            foreach (var (name, resource) in after.Get(type).Resources)
            {
                if (!old.TryGetValue(name, out var previous) || previous.Version != resource.Version)
                {
                    changed.Add($"{prefix}/{name}");
                }
            }
        }

        return changed;
    }
}
