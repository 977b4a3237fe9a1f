using System.Text.Json;
using System.Text.Json.Nodes;
using ControlPlane.Kubernetes.Crds;
using ControlPlane.Policy.Tests.Schema;
using Json.Schema;
using k8s;
using k8s.Models;

namespace ControlPlane.Kubernetes.Tests;

/// <summary>
/// The CRDs shipped under charts/ are what the policy layer's field tables generate, are valid
/// <c>apiextensions.k8s.io/v1</c> objects with structural schemas, and accept exactly the documents kept in git.
/// </summary>
public sealed class CrdTests
{
    private static readonly string RepoRoot = FindRepoRoot();

    private static readonly string CrdDirectory = Path.Combine(RepoRoot, "charts", "idempotency-gateway", "files", "crds");

    [Fact]
    public void The_checked_in_crds_are_what_the_field_tables_generate()
    {
        var rendered = CustomResourceDefinitions.Render();
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(CrdDirectory);
            foreach (var (fileName, yaml) in rendered)
            {
                File.WriteAllText(Path.Combine(CrdDirectory, fileName), yaml);
            }
        }

        Assert.Equal(
            rendered.Select(r => r.FileName).Order(StringComparer.Ordinal),
            Directory.EnumerateFiles(CrdDirectory, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var (fileName, yaml) in rendered)
        {
            Assert.Equal(yaml, File.ReadAllText(Path.Combine(CrdDirectory, fileName)));
        }
    }

    [Fact]
    public void Each_crd_parses_as_an_apiextensions_v1_object_and_round_trips()
    {
        foreach (var file in Directory.EnumerateFiles(CrdDirectory, "*.yaml"))
        {
            var text = File.ReadAllText(file);
            var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(text, strict: true);

            Assert.Equal("apiextensions.k8s.io/v1", crd.ApiVersion);
            Assert.Equal($"{crd.Spec.Names.Plural}.{crd.Spec.Group}", crd.Metadata.Name);
            Assert.Equal("Namespaced", crd.Spec.Scope);
            var version = Assert.Single(crd.Spec.Versions);
            Assert.True(version.Served && version.Storage);
            Assert.NotNull(version.Subresources.Status);
            Assert.Contains(version.AdditionalPrinterColumns, c => c.Name == "Accepted");
            Assert.Equal(
                JsonNode.Parse(KubernetesJson.Serialize(crd))!.ToJsonString(),
                JsonNode.Parse(KubernetesJson.Serialize(KubernetesYaml.Deserialize<V1CustomResourceDefinition>(KubernetesYaml.Serialize(crd))))!.ToJsonString());
        }
    }

    [Fact]
    public void The_schemas_are_structural_as_the_api_server_requires()
    {
        foreach (var crd in CustomResourceDefinitions.Build())
        {
            var root = crd.Spec.Versions.Single().Schema.OpenAPIV3Schema;
            Assert.Equal("object", root.Properties["metadata"].Type);
            Assert.Null(root.Properties["metadata"].Properties);
            Visit(root, crd.Metadata.Name);
        }

        static void Visit(V1JSONSchemaProps node, string path)
        {
            Assert.True(node.Type is not null || node.XKubernetesIntOrString == true, $"{path}: no type");
            Assert.Null(node.RefProperty);
            Assert.Null(node.DefaultProperty);
            Assert.NotEqual(true, node.UniqueItems);
            Assert.False(node.Properties is not null && node.AdditionalProperties is not null, $"{path}: properties and additionalProperties");
            foreach (var (name, child) in node.Properties ?? new Dictionary<string, V1JSONSchemaProps>())
            {
                Visit(child, $"{path}.{name}");
            }

            if (node.Items is V1JSONSchemaProps items)
            {
                Visit(items, $"{path}[]");
            }

            // Constraint-only branches (required sets) carry no type, as structural schemas demand of them.
            foreach (var branch in (node.OneOf ?? []).Concat(node.Not is { } not ? [not] : []))
            {
                Assert.True(branch.Type is null && branch.Properties is null, $"{path}: a oneOf/not branch declares a type");
            }
        }
    }

    [Fact]
    public void Every_example_policy_document_is_valid_input_for_kubectl_apply()
    {
        var files = Directory.EnumerateFiles(Path.Combine(RepoRoot, "policies"), "*.yaml", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            foreach (var document in YamlToJson.Documents(File.ReadAllText(file)))
            {
                Assert.Equal("idempotency.gateway/v1alpha1", document!["apiVersion"]!.GetValue<string>());
                var errors = Evaluate(document);
                Assert.True(errors.Count == 0, $"{file}: {string.Join("; ", errors)}");
            }
        }
    }

    [Theory]
    [InlineData("a port out of range", "kind: Gateway\nmetadata: {name: g}\nspec:\n  listeners: [{name: http, port: 70000}]\n")]
    [InlineData("a missing required field", "kind: Gateway\nmetadata: {name: g}\nspec:\n  routes: []\n")]
    [InlineData("an unknown method", "kind: IdempotencyPolicy\nmetadata: {name: p}\nspec: {gateway: g, routes: [r], methods: [GET]}\n")]
    [InlineData("both key sources", "kind: IdempotencyPolicy\nmetadata: {name: p}\nspec: {gateway: g, routes: [r], key: {header: k, bodyField: a}}\n")]
    [InlineData("a duration without unit", "kind: IdempotencyPolicy\nmetadata: {name: p}\nspec: {gateway: g, routes: [r], ttl: '30'}\n")]
    [InlineData("a byte size with a bad suffix", "kind: IdempotencyPolicy\nmetadata: {name: p}\nspec: {gateway: g, routes: [r], maxBodyBytes: 1MB}\n")]
    public void A_document_refused_for_its_shape_is_refused_by_the_crd_too(string description, string yaml)
    {
        var document = YamlToJson.Documents("apiVersion: idempotency.gateway/v1alpha1\n" + yaml).Single()!;

        Assert.True(Evaluate(document).Count > 0, $"{description}: accepted");
    }

    /// <summary>Validates a document against its kind's CRD schema, read as JSON Schema (OpenAPI v3's subset).</summary>
    private static List<string> Evaluate(JsonNode document)
    {
        var kind = document["kind"]!.GetValue<string>();
        var crd = CustomResourceDefinitions.Build().Single(c => c.Spec.Names.Kind == kind);
        var schema = JsonNode.Parse(KubernetesJson.Serialize(crd.Spec.Versions.Single().Schema.OpenAPIV3Schema))!;
        var result = JsonSchema.FromText(WithoutKubernetesExtensions(schema).ToJsonString())
            .Evaluate(JsonSerializer.SerializeToElement(document), new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return [];
        }

        // A failed "not" explains nothing in the output list; the verdict still counts.
        var messages = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}")).ToList();
        return messages.Count > 0 ? messages : ["invalid (a 'not' constraint: fields that exclude each other)"];
    }

    private static JsonNode WithoutKubernetesExtensions(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).Where(k => k.StartsWith("x-kubernetes-", StringComparison.Ordinal)).ToList())
                {
                    obj.Remove(key);
                }

                foreach (var child in obj.Select(p => p.Value).OfType<JsonNode>().ToList())
                {
                    WithoutKubernetesExtensions(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array.OfType<JsonNode>())
                {
                    WithoutKubernetesExtensions(child);
                }

                break;
        }

        return node;
    }

    private static string FindRepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ControlPlane.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("ControlPlane.sln not found above the test binaries.");
    }
}
