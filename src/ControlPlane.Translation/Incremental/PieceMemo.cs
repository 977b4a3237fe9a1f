using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ControlPlane.Translation.Incremental;

/// <summary>
/// Remembers the last output per piece name and reuses it while the piece's input is equal. Looking up by name and
/// then comparing (reference first, then value) is cheaper than hashing a whole IR record. Entries a pass did not use
/// are dropped when the pass ends, so the memo never outgrows the latest input.
/// </summary>
internal sealed class PieceMemo<TInput, TOutput>
    where TInput : IEquatable<TInput>
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private int _pass;

    public int Count => _entries.Count;

    public TOutput GetOrBuild(string name, TInput input, Func<TInput, TOutput> build)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_entries, name);
        if (!Unsafe.IsNullRef(ref entry) && entry.Input.Equals(input))
        {
            entry.Pass = _pass;
            return entry.Output;
        }

        var output = build(input);
        _entries[name] = new Entry(input, output, _pass);
        return output;
    }

    public void BeginPass() => _pass++;

    /// <summary>Called only after a successful pass: a failed one must not evict what the next may reuse.</summary>
    public void EndPass()
    {
        foreach (var (name, entry) in _entries)
        {
            if (entry.Pass != _pass)
            {
                _entries.Remove(name);
            }
        }
    }

    private struct Entry(TInput input, TOutput output, int pass)
    {
        public readonly TInput Input = input;
        public readonly TOutput Output = output;
        public int Pass = pass;
    }
}
