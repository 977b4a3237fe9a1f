namespace ControlPlane.Policy.Tests.Fuzz;

public sealed class HostileInputTests
{
    [Theory]
    [MemberData(nameof(HostileInputs.Names), MemberType = typeof(HostileInputs))]
    public void Each_gives_located_errors_within_bounds(string name)
    {
        var text = HostileInputs.Text(name);
        var file = new PolicySourceFile($"{name}.yaml", text);

        var result = BoundedLoad.Files(file);

        BoundedLoad.AssertLocatedErrors(result, new Dictionary<string, string> { [file.Path] = text });
    }

    [Fact]
    public void The_issue_reproduction_is_a_located_error_not_a_crash()
    {
        // `routes: [a, b` then another line: YamlDotNet's scanner threw InvalidOperationException, which stopped `validate` (rc 134) and `serve`.
        var text = "apiVersion: idempotency.gateway/v1alpha1\nkind: Gateway\nmetadata:\n  name: public\nspec:\n  routes: [a, b\n  upstream: x\n";

        var error = Assert.Single(PolicyLoader.Load([new PolicySourceFile("gateway.yaml", text)]).Errors);

        Assert.Equal(
            "gateway.yaml:7:3: invalid YAML: cannot read on from here (check for an unclosed '[', '{' or quote before this point)",
            error.ToString());
    }
}
