namespace ControlPlane.Enforcement.Keys;

internal static class HeaderFields
{
    /// <summary>
    /// Hashes every occurrence of a header in order, preceded by the count: an absent header is distinct from an
    /// empty one, and one header with value <c>a,b</c> from two headers <c>a</c> and <c>b</c>.
    /// </summary>
    public static void Append(HashWriter hash, HeaderMapView headers, string name)
    {
        var count = headers.Count(name);
        if (count == 0)
        {
            hash.Absent();
            return;
        }

        hash.Present(BitConverter.GetBytes(count));
        foreach (var header in headers.Entries)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                hash.Present(HeaderMapView.BytesOf(header));
            }
        }
    }
}
