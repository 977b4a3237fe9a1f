using System.Reflection;

namespace ControlPlane.Policy;

/// <summary>The JSON Schema of policy documents (draft 2020-12), as shipped in <c>Schema/policy.schema.json</c>.</summary>
public static class PolicySchema
{
    private const string ResourceName = "ControlPlane.Policy.Schema.policy.schema.json";

    public static string ReadText()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
