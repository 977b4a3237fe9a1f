using System.Globalization;
using System.Text;
using ControlPlane.Admin;
using ControlPlane.Pipeline;
using ControlPlane.Xds.Status;

namespace ControlPlane.Cli;

/// <summary>
/// <c>status</c>'s table, after <c>istioctl proxy-status</c>: one row per stream with a state per type, then the NACK
/// messages, then the versions served per gateway, the last reload and the store.
/// </summary>
internal static class StatusTable
{
    private static readonly string[] Types = ["CDS", "EDS", "LDS", "RDS"];

    public static string Format(StatusDocument document)
    {
        var text = new StringBuilder();
        var nodes = document.Nodes ?? [];
        if (document.Nodes is null)
        {
            text.Append("No xDS server on this replica (--role extproc).\n");
        }
        else if (nodes.Count == 0)
        {
            text.Append("No Envoy connected.\n");
        }
        else
        {
            var rows = nodes.Select(n => (IReadOnlyList<string>)
                [n.NodeId, n.Group, $"{n.Service} {n.Variant}", n.Peer, Time(n.ConnectedSince), .. Types.Select(t => Cell(n.Types.FirstOrDefault(s => s.Type == t)))]);
            Table(text, ["NODE ID", "GATEWAY", "STREAM", "PEER", "CONNECTED SINCE", .. Types], rows);
            foreach (var (node, type) in nodes.SelectMany(n => n.Types.Where(t => t.LastError is not null).Select(t => (n, t))))
            {
                text.Append(CultureInfo.InvariantCulture, $"NACK {node.NodeId} (stream {node.StreamId}) {type.Type} version {type.RejectedVersion} at {Time(type.LastErrorAt)}: {type.LastError}\n");
            }
        }

        text.Append('\n');
        if (document.Groups is { Count: > 0 } groups)
        {
            Table(text, ["GATEWAY", "VERSION", .. Types], groups.Select(g => (IReadOnlyList<string>)
                [g.Group, g.Version ?? "-", .. Types.Select(t => g.Versions?.GetValueOrDefault(t) ?? "-")]));
        }
        else if (document.Groups is not null)
        {
            text.Append("No gateway served.\n");
        }

        text.Append(Reload(document.Reload));
        foreach (var error in document.Reload?.Errors ?? [])
        {
            text.Append("  ").Append(error).Append('\n');
        }

        text.Append(document.Serving is { } serving
            ? string.Create(CultureInfo.InvariantCulture, $"Serving since {Time(serving.At)}: the policy set of that reload{(serving.Rules is { } rules ? $", {rules} rules" : "")}\n")
            : "Serving: nothing (no valid policy set loaded yet)\n");
        if (document.Store is { } store)
        {
            var state = store.Reachable switch { true => "reachable", false => "UNREACHABLE", null => "not yet checked" };
            text.Append(CultureInfo.InvariantCulture, $"Store: {store.Store}, {state}");
            if (store.LastError is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $" (last error at {Time(store.LastErrorAt)}: {store.LastError})");
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    /// <summary>
    /// The state as istioctl names it (a NACK shows as NACKED, where /status says ERROR), with the version it concerns and,
    /// when it differs, the one acknowledged.
    /// </summary>
    private static string Cell(TypeSyncStatus? type) => type?.State switch
    {
        null or "NOT_SENT" => "NOT SENT",
        "SYNCED" => $"SYNCED {type.SentVersion}",
        "ERROR" => $"NACKED {type.RejectedVersion}{Acked(type)}",
        var state => $"{state} {type.SentVersion}{Acked(type)}",
    };

    private static string Acked(TypeSyncStatus type) => $" (acked {type.AckedVersion ?? "none"})";

    private static string Reload(ReloadReport? reload) => reload is null
        ? "Last reload: none\n"
        : string.Create(CultureInfo.InvariantCulture, $"Last reload: {reload.Outcome} at {Time(reload.At)}{(reload.Rules is { } rules ? $", {rules} rules" : "")}{(reload.Errors.Length > 0 ? $", {reload.Errors.Length} error{(reload.Errors.Length == 1 ? "" : "s")}" : "")}\n");

    private static string Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? "-";

    private static void Table(StringBuilder text, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = rows.Prepend(header).ToList();
        var widths = header.Select((_, i) => all.Max(r => r[i].Length)).ToArray();
        foreach (var row in all)
        {
            text.Append(string.Join("  ", row.Select((cell, i) => i == row.Count - 1 ? cell : cell.PadRight(widths[i])))).Append('\n');
        }
    }
}
