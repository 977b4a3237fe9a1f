using ControlPlane.Policy.Tests.Support;

namespace ControlPlane.Policy.Tests.Loading;

/// <summary><see cref="PolicyLoader.LoadPaths"/>: files and directories from a command line, one set, named as given.</summary>
public sealed class PathLoadingTests
{
    private static string Example(string relative) => Path.Combine(TestPaths.ExamplePolicies, relative);

    [Fact]
    public void Files_given_together_are_one_set_named_as_given()
    {
        // Not normalized: the path stays exactly what the caller typed.
        var gateway = TestPaths.ExamplePolicies + "/gateways/../gateways/public.yaml";
        var result = PolicyLoader.LoadPaths([Example("idempotency/sessions.yaml"), gateway]);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal([gateway, Example("idempotency/sessions.yaml")], result.Files.AsEnumerable());
        Assert.Equal(["create-session"], result.Fleet!.Rules.Select(r => r.Name));
    }

    [Fact]
    public void A_policy_file_without_its_gateway_is_an_error_at_the_file_as_given()
    {
        var sessions = Example("idempotency/sessions.yaml");
        var result = PolicyLoader.LoadPaths([sessions]);

        var error = Assert.Single(result.Errors);
        Assert.Equal(sessions, error.File);
        Assert.True(error.Line > 0);
        Assert.Contains("public", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    public void A_directory_prefixes_its_files_with_the_directory_as_given(string trailing)
    {
        var directory = TestPaths.ExamplePolicies + trailing;
        var result = PolicyLoader.LoadPaths([directory]);

        Assert.True(result.IsValid);
        Assert.Contains(TestPaths.ExamplePolicies + "/gateways/public.yaml", result.Files);
        Assert.All(result.Files, f => Assert.StartsWith(TestPaths.ExamplePolicies + "/", f, StringComparison.Ordinal));
        Assert.DoesNotContain(result.Files, f => f.Contains("//", StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_given_and_inside_a_directory_given_is_read_once()
    {
        var sessions = Example("idempotency/sessions.yaml");
        var result = PolicyLoader.LoadPaths([TestPaths.ExamplePolicies, sessions, Example("idempotency")]);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(PolicyLoader.LoadDirectory(TestPaths.ExamplePolicies).Files.Length, result.Files.Length);
        Assert.Contains(sessions, result.Files);
    }

    [Fact]
    public void A_directory_error_names_the_directory_as_given()
    {
        using var directory = new TempDirectory();
        directory.Write("broken.yaml", "kind: [\n");

        var result = PolicyLoader.LoadPaths([directory.Path]);

        Assert.All(result.Errors, e => Assert.Equal(directory.Path + "/broken.yaml", e.File));
        Assert.NotEmpty(result.Errors);
    }
}
