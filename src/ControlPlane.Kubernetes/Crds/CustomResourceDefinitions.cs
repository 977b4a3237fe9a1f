using System.Collections.Immutable;
using ControlPlane.Policy;
using ControlPlane.Policy.Shapes;
using k8s;
using k8s.Models;

namespace ControlPlane.Kubernetes.Crds;

/// <summary>
/// The CRDs of <c>Gateway</c> and <c>IdempotencyPolicy</c> (group <c>idempotency.gateway</c>, version
/// <c>v1alpha1</c>, namespaced), generated from the same field tables as the loader and its JSON Schema, so the file
/// in git and the object given to <c>kubectl apply</c> are judged by the same rules. Shipped under
/// <c>charts/idempotency-gateway/files/crds/</c> and printed by the <c>crds</c> verb.
/// </summary>
public static class CustomResourceDefinitions
{
    public const string Group = "idempotency.gateway";

    public const string Version = "v1alpha1";

    /// <summary>Each CRD as (file name, YAML), in a stable order.</summary>
    public static ImmutableArray<(string FileName, string Yaml)> Render() =>
        [.. Build().Select(crd => ($"{crd.Metadata.Name}.yaml", Header + KubernetesYaml.Serialize(crd)))];

    internal static ImmutableArray<V1CustomResourceDefinition> Build() =>
    [
        Definition(PolicyShapes.GatewayDocument, "gateways", "gateway", ["igw"],
        [
            Condition("Accepted", "Whether the gateway is valid and in the served policy set."),
            Condition("Programmed", "Whether a snapshot with this gateway has been published to its Envoys."),
            Age(),
        ]),
        Definition(PolicyShapes.IdempotencyPolicyDocument, "idempotencypolicies", "idempotencypolicy", ["ipol"],
        [
            new V1CustomResourceColumnDefinition { Name = "Gateway", Type = "string", JsonPath = ".spec.gateway" },
            new V1CustomResourceColumnDefinition { Name = "Routes", Type = "string", JsonPath = ".spec.routes" },
            Condition("Accepted", "Whether the policy is valid and enforced."),
            Age(),
        ]),
    ];

    private const string Header = "# Generated from the policy layer's field tables (PolicyShapes) by ControlPlane.Kubernetes;\n"
        + "# `ControlPlane crds` prints it. Edit PolicyShapes, then run the tests with UPDATE_GOLDEN=1.\n";

    private static V1CustomResourceDefinition Definition(
        ObjectShape document, string plural, string singular, IList<string> shortNames, IList<V1CustomResourceColumnDefinition> columns)
    {
        var spec = document.Get("spec").Object!;
        return new V1CustomResourceDefinition
        {
            ApiVersion = "apiextensions.k8s.io/v1",
            Kind = "CustomResourceDefinition",
            Metadata = new V1ObjectMeta
            {
                Name = $"{plural}.{Group}",

                // Uninstalling the chart must never delete the definitions, and with them every policy in the cluster.
                Annotations = new Dictionary<string, string> { ["helm.sh/resource-policy"] = "keep" },
            },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = Group,
                Scope = "Namespaced",
                Names = new V1CustomResourceDefinitionNames
                {
                    Kind = document.Name,
                    ListKind = document.Name + "List",
                    Plural = plural,
                    Singular = singular,
                    ShortNames = shortNames,
                    Categories = ["idempotency"],
                },
                Versions =
                [
                    new V1CustomResourceDefinitionVersion
                    {
                        Name = Version,
                        Served = true,
                        Storage = true,
                        Subresources = new V1CustomResourceSubresources { Status = new object() },
                        AdditionalPrinterColumns = columns,
                        Schema = new V1CustomResourceValidation
                        {
                            OpenAPIV3Schema = new V1JSONSchemaProps
                            {
                                Type = "object",
                                Description = document.Description,
                                Required = ["spec"],
                                Properties = new Dictionary<string, V1JSONSchemaProps>
                                {
                                    ["apiVersion"] = new() { Type = "string" },
                                    ["kind"] = new() { Type = "string" },
                                    ["metadata"] = new() { Type = "object" },
                                    ["spec"] = ShapeSchemas.Object(spec),
                                    ["status"] = Status(),
                                },
                            },
                        },
                    },
                ],
            },
        };
    }

    /// <summary>What the control plane writes back: conditions merged by type, as Kubernetes' own types do.</summary>
    private static V1JSONSchemaProps Status() => new()
    {
        Type = "object",
        Description = "Written by the control plane.",
        Properties = new Dictionary<string, V1JSONSchemaProps>
        {
            ["observedGeneration"] = new() { Type = "integer", Format = "int64", Description = "The generation the conditions describe." },
            ["conditions"] = new()
            {
                Type = "array",
                XKubernetesListType = "map",
                XKubernetesListMapKeys = ["type"],
                Items = new V1JSONSchemaProps
                {
                    Type = "object",
                    Required = ["type", "status", "lastTransitionTime", "reason", "message"],
                    Properties = new Dictionary<string, V1JSONSchemaProps>
                    {
                        ["type"] = new() { Type = "string", Description = "Accepted or Programmed." },
                        ["status"] = new() { Type = "string", EnumProperty = ["True", "False", "Unknown"] },
                        ["reason"] = new() { Type = "string", Description = "Accepted, Invalid, TargetNotFound, Conflicted, Programmed, Pending." },
                        ["message"] = new() { Type = "string", Description = "For a refusal, every located error." },
                        ["lastTransitionTime"] = new() { Type = "string", Format = "date-time" },
                        ["observedGeneration"] = new() { Type = "integer", Format = "int64" },
                    },
                },
            },
        },
    };

    private static V1CustomResourceColumnDefinition Condition(string type, string description) => new()
    {
        Name = type,
        Type = "string",
        Description = description,
        JsonPath = $".status.conditions[?(@.type==\"{type}\")].status",
    };

    private static V1CustomResourceColumnDefinition Age() => new() { Name = "Age", Type = "date", JsonPath = ".metadata.creationTimestamp" };
}
