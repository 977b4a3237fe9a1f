using System.Text.Json;
using ControlPlane.Kubernetes.Crds;
using k8s;
using k8s.Models;

namespace ControlPlane.Chart.Tests;

/// <summary>
/// The chart as helm v4 renders it: lint-clean, equal to the golden manifests for each value set under ValueSets/,
/// every object valid for the Kubernetes API, and bad values refused with a message.
/// </summary>
public sealed class ChartTests
{
    private static readonly string ValueSets = Path.Combine(ChartTools.RepoRoot, "tests", "ControlPlane.Chart.Tests", "ValueSets");

    private static readonly string Golden = Path.Combine(ChartTools.RepoRoot, "tests", "ControlPlane.Chart.Tests", "Golden");

    /// <summary>The kinds the chart renders, with KubernetesClient's typed model read strictly: an unknown field fails.</summary>
    private static readonly Dictionary<string, Type> Kinds = new(StringComparer.Ordinal)
    {
        ["v1/ConfigMap"] = typeof(V1ConfigMap),
        ["v1/Service"] = typeof(V1Service),
        ["v1/ServiceAccount"] = typeof(V1ServiceAccount),
        ["apps/v1/Deployment"] = typeof(V1Deployment),
        ["policy/v1/PodDisruptionBudget"] = typeof(V1PodDisruptionBudget),
        ["autoscaling/v2/HorizontalPodAutoscaler"] = typeof(V2HorizontalPodAutoscaler),
        ["apiextensions.k8s.io/v1/CustomResourceDefinition"] = typeof(V1CustomResourceDefinition),
    };

    public static TheoryData<string> Sets => [.. Directory.EnumerateFiles(ValueSets, "*.yaml").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal)];

    [ChartTheory]
    [MemberData(nameof(Sets))]
    public void Lint_strict_passes(string set)
    {
        var (code, output, errors) = ChartTools.Run(ChartTools.Helm, ["lint", "--strict", ChartTools.Chart, "--values", ValueSet(set)]);

        Assert.True(code == 0, output + errors);
    }

    [ChartTheory]
    [MemberData(nameof(Sets))]
    public void Rendered_manifests_equal_the_golden_ones(string set)
    {
        var rendered = Render(set);
        var golden = Path.Combine(Golden, set + ".yaml");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(golden, rendered);
        }

        Assert.Equal(File.ReadAllText(golden), rendered);
    }

    [ChartTheory]
    [MemberData(nameof(Sets))]
    public void Every_rendered_object_is_valid_for_the_kubernetes_api(string set)
    {
        var documents = Documents(Render(set));
        Assert.NotEmpty(documents);

        Assert.Equal([], Problems(documents));
    }

    [ChartFact]
    public void The_validation_catches_a_wrong_type_and_an_unknown_field()
    {
        var wrongType = "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: http}]\n";
        var unknownField = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      containers: [{name: c, image: i, imagePullPolicey: Always}]\n";

        Assert.Contains(Problems([wrongType]), p => p.Contains("Service/s", StringComparison.Ordinal));
        Assert.Contains(Problems([unknownField]), p => p.Contains("imagePullPolicey", StringComparison.Ordinal));
    }

    [ChartFact]
    public void The_chart_renders_the_crds_the_cli_writes()
    {
        var rendered = Documents(Render("default"))
            .Where(d => d.Contains("kind: CustomResourceDefinition", StringComparison.Ordinal))
            .Select(d => KubernetesJson.Serialize(KubernetesYaml.Deserialize<V1CustomResourceDefinition>(d)))
            .Order(StringComparer.Ordinal);
        var written = CustomResourceDefinitions.Render()
            .Select(c => KubernetesJson.Serialize(KubernetesYaml.Deserialize<V1CustomResourceDefinition>(c.Yaml)))
            .Order(StringComparer.Ordinal);

        Assert.Equal(written, rendered);
        Assert.DoesNotContain(Documents(Render("policies-without-crds")), d => d.Contains("kind: CustomResourceDefinition", StringComparison.Ordinal));
    }

    [ChartTheory]
    [InlineData("controlPlane.xdsPort=0", "/controlPlane/xdsPort")]
    [InlineData("store.kind=etcd", "/store/kind")]
    [InlineData("replicaCount=3", "additional properties 'replicaCount' not allowed")]
    [InlineData("image.pullPolicy=Sometimes", "/image/pullPolicy")]
    [InlineData("enforcement.replicas=2", "store.kind=memory keeps idempotency records in one process")]
    [InlineData("enforcement.autoscaling.enabled=true", "store.kind=memory keeps idempotency records in one process")]
    [InlineData("store.kind=redis", "store.kind=redis needs store.redis.address")]
    [InlineData("policies.files.gateway\\.txt=x", "'gateway.txt' does not match pattern")]
    [InlineData("controlPlane.service.type=Ingress", "/controlPlane/service/type")]
    public void Bad_values_are_refused_with_a_message(string value, string message)
    {
        var (code, _, errors) = ChartTools.Template(null, "--set", value);

        Assert.NotEqual(0, code);
        Assert.Contains(message, errors, StringComparison.Ordinal);
    }

    private static string ValueSet(string set) => Path.Combine(ValueSets, set + ".yaml");

    private static string Render(string set)
    {
        var (code, output, errors) = ChartTools.Template(ValueSet(set));
        Assert.True(code == 0, errors);
        return output;
    }

    private static List<string> Documents(string manifests) =>
        [.. manifests.Split("\n---", StringSplitOptions.RemoveEmptyEntries).Where(d => d.Contains("kind:", StringComparison.Ordinal))];

    /// <summary>The API schemas (kubernetes-models, under node) for types and required fields; the typed models read strictly for unknown fields.</summary>
    private static List<string> Problems(IEnumerable<string> documents)
    {
        var problems = new List<string>();
        var objects = new List<object>();
        foreach (var document in documents)
        {
            var generic = KubernetesYaml.Deserialize<Dictionary<string, object>>(document);
            var key = $"{generic["apiVersion"]}/{generic["kind"]}";
            objects.Add(generic);
            if (!Kinds.TryGetValue(key, out var type))
            {
                problems.Add($"{key}: a kind the test does not know; add it to Kinds");
                continue;
            }

            try
            {
                typeof(KubernetesYaml).GetMethods().Single(m => m.Name == nameof(KubernetesYaml.Deserialize) && m.IsGenericMethod && m.GetParameters() is [{ ParameterType: var p }, _] && p == typeof(string))
                    .MakeGenericMethod(type).Invoke(null, [document, true]);
            }
            catch (System.Reflection.TargetInvocationException e)
            {
                problems.Add($"{key}: {e.InnerException?.Message}");
            }
        }

        var (code, output, errors) = ChartTools.Run("node", [Path.Combine(ChartTools.RepoRoot, "tests", "ControlPlane.Chart.Tests", "validate-manifests.mjs"), ChartTools.ToolsDirectory], KubernetesJson.Serialize(objects));
        problems.AddRange(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        if (code != 0 && output.Length == 0)
        {
            problems.Add($"node failed: {errors}");
        }

        return problems;
    }
}
