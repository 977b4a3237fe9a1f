using ControlPlane.Ir;
using ControlPlane.Policy.Tests.Support;
using ControlPlane.Translation.Tests.Support;

namespace ControlPlane.Translation.Tests;

/// <summary>
/// IR -> Envoy resources, one case per <c>Golden/&lt;case&gt;.ir.json</c> (IrJson format) with the expected config dump in
/// <c>&lt;case&gt;.envoy.yaml</c>. UPDATE_GOLDEN=1 rewrites the expectations (and the inputs in canonical form).
/// </summary>
public sealed class GoldenTranslationTests
{
    public static TheoryData<string> Cases => [.. GoldenCase.All().Select(c => c.Name)];

    [Fact]
    public void Golden_cases_are_discovered()
    {
        Assert.True(Cases.Count >= 9, $"expected at least 9 golden cases under {TestPaths.Golden}, found {Cases.Count}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Input_is_canonical_IR_json(string name)
    {
        var golden = GoldenCase.Named(name);
        var canonical = IrJson.Serialize(golden.Fleet);
        if (Snapshot.Updating)
        {
            File.WriteAllText(golden.InputPath, canonical);
            return;
        }

        Assert.Equal(golden.InputText, canonical);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Translates_to_the_golden_config_dump(string name)
    {
        var golden = GoldenCase.Named(name);
        Snapshot.AssertMatches(golden.ExpectedPath, ConfigDumpFormatter.Format(golden.TranslateAll(), ConfigFormat.Yaml));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Translation_passes_the_snapshot_consistency_check(string name)
    {
        foreach (var resources in GoldenCase.Named(name).TranslateAll())
        {
            XdsPublishing.AssertConsistent(resources);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Yaml_dump_reads_back_as_the_json_dump(string name)
    {
        var resources = GoldenCase.Named(name).TranslateAll();
        var yaml = ConfigDumpFormatter.Format(resources, ConfigFormat.Yaml);
        var json = ConfigDumpFormatter.Format(resources, ConfigFormat.Json);

        YamlAssert.EquivalentToJson(json, yaml);
    }
}
