namespace ControlPlane.Benchmarks;

/// <summary>
/// An order-independent fingerprint of a set of (name, version) pairs: the sum of one 64-bit hash per pair. A delta
/// client keeps it up to date in O(1) per resource, so checking "holds the snapshot" costs the client almost nothing
/// and the benchmark measures the server rather than its own bookkeeping.
/// </summary>
internal struct HeldSetFingerprint
{
    private const ulong FnvOffset = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;

    private ulong _sum;

    public static string Of(IEnumerable<(string Name, string Version)> pairs)
    {
        var fingerprint = default(HeldSetFingerprint);
        foreach (var (name, version) in pairs)
        {
            fingerprint.Add(name, version);
        }

        return fingerprint.ToString();
    }

    public void Add(string name, string version) => _sum += Hash(name, version);

    public void Remove(string name, string version) => _sum -= Hash(name, version);

    public override readonly string ToString() => _sum.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    private static ulong Hash(string name, string version)
    {
        var hash = FnvOffset;
        foreach (var c in name)
        {
            hash = (hash ^ c) * FnvPrime;
        }

        hash = (hash ^ 0xFFFF) * FnvPrime;
        foreach (var c in version)
        {
            hash = (hash ^ c) * FnvPrime;
        }

        return hash;
    }
}
