using System.Collections.Immutable;
using ControlPlane.Policy;

namespace ControlPlane.Pipeline;

/// <summary>
/// Policy sets that are valid YAML but would switch protection off for a whole fleet at once: `serve` refuses them
/// (the last good config keeps serving) and `validate` reports them, so both agree.
/// </summary>
internal static class ProtectionGuard
{
    /// <param name="served">The gateways being served now; empty before the first good load.</param>
    public static ImmutableArray<string> Refusals(PolicyLoadResult loaded, IReadOnlyCollection<string> served)
    {
        if (loaded.Fleet is not { Gateways.IsEmpty: true })
        {
            return [];
        }

        var empty = loaded.Files.IsEmpty;
        if (served.Count == 0)
        {
            return [empty
                ? "no policy files (*.yaml, *.yml) found; at least one gateway is needed to serve"
                : "no gateway is declared (no document has kind: Gateway); at least one is needed to serve"];
        }

        return [$"{(empty ? "the directory holds no policy files: " : "")}the change would remove every gateway ({string.Join(", ", served.Order(StringComparer.Ordinal))}) at once; refused so that protection is not switched off (remove gateways one at a time, or stop the control plane)"];
    }
}
