using System.Text.Json;
using System.Text.Json.Nodes;
using ControlPlane.Policy.Tests.Support;
using Json.Schema;

namespace ControlPlane.Policy.Tests.Schema;

public sealed class SchemaTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromText(File.ReadAllText(TestPaths.Schema));

    /// <summary>Every YAML file that must be valid: the example policies and the golden inputs.</summary>
    public static TheoryData<string> ValidFiles =>
    [
        .. new[] { TestPaths.ExamplePolicies, TestPaths.Golden }
            .SelectMany(root => Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(TestPaths.RepoRoot, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal),
    ];

    public static TheoryData<string> ExampleFiles =>
    [
        .. Directory.EnumerateFiles(TestPaths.ExamplePolicies, "*.yaml", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(TestPaths.RepoRoot, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal),
    ];

    [Fact]
    public void Checked_in_schema_is_generated_from_the_loader_field_tables()
    {
        Snapshot.AssertMatches(TestPaths.Schema, SchemaGenerator.Generate());
    }

    [Fact]
    public void Embedded_schema_is_the_checked_in_file()
    {
        Assert.Equal(File.ReadAllText(TestPaths.Schema), PolicySchema.ReadText());
    }

    [Theory]
    [MemberData(nameof(ValidFiles))]
    public void Valid_policy_files_validate_against_the_schema(string file)
    {
        var documents = YamlToJson.Documents(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, file))).ToList();

        Assert.NotEmpty(documents);
        foreach (var document in documents)
        {
            var errors = Evaluate(document);
            Assert.True(errors.Count == 0, $"{file}:\n{string.Join("\n", errors)}");
        }
    }

    [Theory]
    [InlineData("spec:\n  listeners:\n    - {name: http, port: 8080, colour: blue}")]
    [InlineData("spec:\n  listeners:\n    - {name: http, port: 70000}")]
    [InlineData("spec:\n  listeners: [{name: http, port: 8080}]\n  upstreams:\n    - {name: app, addresses: [\"app\"]}")]
    [InlineData("spec:\n  listeners: [{name: http, port: 8080}]\n  upstreams: [{name: app, addresses: [\"app:80\"], connectTimeout: 5}]")]
    [InlineData("spec:\n  listeners: [{name: http, port: 8080}]\n  routes: [{name: r, upstream: u, match: {path: /a, prefix: /a}}]")]
    [InlineData("spec:\n  listeners: [{name: http, port: 8080}]\n  enforcement: {address: \"a:1\", addresses: [\"b:2\"]}")]
    [InlineData("spec:\n  listeners: [{name: Http, port: 8080}]")]
    public void Schema_and_loader_both_reject_invalid_gateways(string specYaml)
    {
        var yaml = $"apiVersion: {PolicyFormat.ApiVersion}\nkind: Gateway\nmetadata:\n  name: g\n{specYaml}\n";

        Assert.NotEmpty(Evaluate(YamlToJson.Documents(yaml).Single()));
        Assert.False(PolicyLoader.Load([new PolicySourceFile("g.yaml", yaml)]).IsValid);
    }

    [Fact]
    public void Schema_dispatches_on_kind()
    {
        var policyWithGatewayFields = JsonNode.Parse($$$"""
            {"apiVersion": "{{{PolicyFormat.ApiVersion}}}", "kind": "IdempotencyPolicy", "metadata": {"name": "p"},
             "spec": {"gateway": "g", "routes": ["r"], "listeners": []}}
            """);
        var unknownKind = new JsonObject { ["apiVersion"] = PolicyFormat.ApiVersion, ["kind"] = "Other" };

        Assert.Contains(Evaluate(policyWithGatewayFields), e => e.Contains("listeners", StringComparison.Ordinal));
        Assert.NotEmpty(Evaluate(unknownKind));
    }

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Example_files_point_editors_at_the_schema(string file)
    {
        const string Prefix = "# yaml-language-server: $schema=";
        var path = Path.Combine(TestPaths.RepoRoot, file);
        var modeline = File.ReadLines(path).First();

        Assert.StartsWith(Prefix, modeline, StringComparison.Ordinal);
        var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, modeline[Prefix.Length..]));
        Assert.Equal(Path.GetFullPath(TestPaths.Schema), target);
    }

    private static List<string> Evaluate(JsonNode? document)
    {
        var results = Schema.Evaluate(JsonSerializer.SerializeToElement(document), new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid
            ? []
            : [.. (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))];
    }
}
