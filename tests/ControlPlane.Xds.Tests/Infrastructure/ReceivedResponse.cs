using System.Collections.Immutable;
using Google.Protobuf.WellKnownTypes;

namespace ControlPlane.Xds.Tests.Infrastructure;

/// <summary>One resource as a response carried it; SotW responses carry no per-resource version.</summary>
internal sealed record ReceivedResource(string Name, string? Version, Any Resource);

/// <summary>A discovery response in a form both variants share, with what the client did with it.</summary>
/// <param name="Version">SotW <c>version_info</c>, or delta <c>system_version_info</c>.</param>
internal sealed record ReceivedResponse(
    int Index,
    string TypeUrl,
    string Nonce,
    string Version,
    ImmutableArray<ReceivedResource> Resources,
    ImmutableArray<string> Removed,
    string? RejectedWith)
{
    public string Type => ResourceTypes.ShortName(TypeUrl);

    public IEnumerable<string> Names => Resources.Select(r => r.Name);

    public override string ToString() =>
        $"#{Index} {Type} v={Version} [{string.Join(",", Names)}]" + (Removed.IsEmpty ? "" : $" removed [{string.Join(",", Removed)}]") + (RejectedWith is null ? "" : " NACKed");
}
