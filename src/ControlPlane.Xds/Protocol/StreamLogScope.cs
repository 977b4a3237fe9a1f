using System.Collections;

namespace ControlPlane.Xds.Protocol;

/// <summary>
/// The logging scope of one stream once its first request named the node: every line the stream logs from then on
/// carries <c>NodeId</c> and <c>Group</c>, as properties for the JSON console formatter and as text for the simple one,
/// so an operator can follow one Envoy through the log without each message repeating who it concerns.
/// </summary>
internal sealed class StreamLogScope(string nodeId, string group) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => 2;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("NodeId", nodeId),
        1 => new("Group", group),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
        yield return this[1];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"node '{nodeId}' group '{group}'";
}
