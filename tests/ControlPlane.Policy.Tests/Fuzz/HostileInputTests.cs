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
}
