using ControlPlane.Ir;
using ControlPlane.Policy.Tests.Support;

namespace ControlPlane.Policy.Tests.Loading;

public sealed class DirectoryLoadingTests
{
    [Fact]
    public void Missing_directory_is_one_error()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-policies-" + Guid.NewGuid().ToString("N"));

        var result = PolicyLoader.LoadDirectory(missing);

        Assert.Null(result.Fleet);
        var error = Assert.Single(result.Errors);
        Assert.Equal($"{missing}: policy directory does not exist", error.ToString());
    }

    [Fact]
    public void Empty_directory_is_a_valid_empty_fleet()
    {
        using var directory = new TempDirectory();
        directory.Write("README.md", "not a policy");

        var result = PolicyLoader.LoadDirectory(directory.Path);

        Assert.Same(FleetIr.Empty, result.Fleet);
        Assert.Empty(result.Errors);
        Assert.Empty(result.Files);
    }

    [Fact]
    public void Reads_yaml_and_yml_recursively_and_skips_hidden_entries()
    {
        using var directory = new TempDirectory();
        directory.Write("gateways/public.yaml", PolicyText.Gateway("public"));
        directory.Write("policies/deep/orders.YML", PolicyText.Policy("orders", "public"));
        directory.Write(".hidden.yaml", "not: [valid");
        directory.Write(".git/config.yaml", "not: [valid");
        directory.Write("notes.txt", "not: [valid");

        var result = PolicyLoader.LoadDirectory(directory.Path);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal<string>(["gateways/public.yaml", "policies/deep/orders.YML"], result.Files);
        Assert.Equal("orders", Assert.Single(result.Fleet!.Rules).Name);
    }

    [Fact]
    public void Kubernetes_configmap_volume_loads_each_document_once()
    {
        // What the kubelet writes: real files in a timestamped directory, "..data" pointing at it,
        // and one visible symlink per key pointing through "..data".
        using var directory = new TempDirectory();
        directory.Write("..2024_05_01_10_00_00.000000001/public.yaml", PolicyText.Gateway("public"));
        directory.Write("..2024_05_01_10_00_00.000000001/orders.yaml", PolicyText.Policy("orders", "public"));
        Directory.CreateSymbolicLink(Path.Combine(directory.Path, "..data"), "..2024_05_01_10_00_00.000000001");
        File.CreateSymbolicLink(Path.Combine(directory.Path, "public.yaml"), "..data/public.yaml");
        File.CreateSymbolicLink(Path.Combine(directory.Path, "orders.yaml"), "..data/orders.yaml");

        var result = PolicyLoader.LoadDirectory(directory.Path);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal<string>(["orders.yaml", "public.yaml"], result.Files);
        Assert.Single(result.Fleet!.Gateways);
        Assert.Single(result.Fleet.Rules);
    }

    [Fact]
    public void Follows_symlinked_directories_but_not_loops()
    {
        using var directory = new TempDirectory();
        using var elsewhere = new TempDirectory();
        elsewhere.Write("public.yaml", PolicyText.Gateway("public"));
        Directory.CreateSymbolicLink(Path.Combine(directory.Path, "shared"), elsewhere.Path);
        Directory.CreateSymbolicLink(Path.Combine(elsewhere.Path, "loop"), elsewhere.Path);

        var result = PolicyLoader.LoadDirectory(directory.Path);

        Assert.Equal<string>(["shared/public.yaml"], result.Files);
        Assert.Equal("shared/loop: directory link loop; skipped", Assert.Single(result.Errors).ToString());
        Assert.Null(result.Fleet);
    }

    [Fact]
    public void Broken_symlink_is_reported_as_unreadable()
    {
        using var directory = new TempDirectory();
        directory.Write("public.yaml", PolicyText.Gateway("public"));
        File.CreateSymbolicLink(Path.Combine(directory.Path, "dangling.yaml"), "nowhere.yaml");

        var result = PolicyLoader.LoadDirectory(directory.Path);

        var error = Assert.Single(result.Errors);
        Assert.Equal("dangling.yaml", error.File);
        Assert.StartsWith("cannot read file: ", error.Message, StringComparison.Ordinal);
        Assert.Null(result.Fleet);
    }
}
