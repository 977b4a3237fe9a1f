using ControlPlane.Admin;

namespace ControlPlane.Cli;

/// <summary><c>status --gateway G</c>: only that group's streams and versions; the reload and the store concern every gateway.</summary>
internal static class StatusFilter
{
    public static StatusDocument ToGateway(StatusDocument document, string gateway) => document with
    {
        Groups = document.Groups?.Where(g => g.Group == gateway).ToArray(),
        Nodes = document.Nodes?.Where(n => n.Group == gateway).ToArray(),
    };
}
