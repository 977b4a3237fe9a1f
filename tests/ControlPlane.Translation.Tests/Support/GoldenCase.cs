using ControlPlane.Ir;

namespace ControlPlane.Translation.Tests.Support;

/// <summary>One <c>Golden/&lt;case&gt;.ir.json</c> (a fleet in <see cref="IrJson"/> form) and its expected config dump.</summary>
internal sealed record GoldenCase(string Name, string InputPath)
{
    public string ExpectedPath => InputPath[..^".ir.json".Length] + ".envoy.yaml";

    public static IEnumerable<GoldenCase> All() =>
        Directory.GetFiles(TestPaths.Golden, "*.ir.json")
            .Order(StringComparer.Ordinal)
            .Select(path => new GoldenCase(Path.GetFileName(path)[..^".ir.json".Length], path));

    public static GoldenCase Named(string name) => All().Single(c => c.Name == name);

    public string InputText => File.ReadAllText(InputPath).ReplaceLineEndings("\n");

    public FleetIr Fleet => IrJsonReader.ReadFleet(InputText);

    public IReadOnlyList<GatewayResources> TranslateAll()
    {
        var fleet = Fleet;
        var rules = EnvoyTranslator.RulesByName(fleet);
        return [.. fleet.Gateways.Select(g => EnvoyTranslator.Translate(g, rules))];
    }
}
