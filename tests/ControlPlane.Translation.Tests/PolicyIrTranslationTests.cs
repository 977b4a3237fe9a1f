using ControlPlane.Translation.Tests.Support;

namespace ControlPlane.Translation.Tests;

/// <summary>
/// The policy compiler's golden IR (tests/ControlPlane.Policy.Tests/Golden/*/ir.golden.json) is what the loader really
/// produces; every gateway in it must translate and pass the snapshot cache's consistency check.
/// </summary>
public sealed class PolicyIrTranslationTests
{
    public static TheoryData<string> Cases =>
        [.. Directory.GetFiles(TestPaths.PolicyIrGolden, "ir.golden.json", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(TestPaths.PolicyIrGolden, p))
            .Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compiled_policies_translate_to_a_consistent_snapshot(string relativePath)
    {
        var fleet = IrJsonReader.ReadFleet(File.ReadAllText(Path.Combine(TestPaths.PolicyIrGolden, relativePath)));
        var rules = EnvoyTranslator.RulesByName(fleet);

        foreach (var gateway in fleet.Gateways)
        {
            XdsPublishing.AssertConsistent(EnvoyTranslator.Translate(gateway, rules));
        }
    }
}
