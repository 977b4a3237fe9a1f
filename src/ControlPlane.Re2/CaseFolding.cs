using System.Collections.Immutable;

namespace ControlPlane.Re2;

/// <summary>
/// Case-folding closure of a set, as RE2's (?i) sees it: Unicode's simple case folding orbits (k, K and the Kelvin
/// sign go together; s, S and the long s). Built from .NET's invariant upper and lower mappings, joined, plus the
/// folds those mappings do not show, minus the Turkish dotted and dotless i, which simple folding leaves alone.
/// Basic Multilingual Plane only.
/// </summary>
internal static class CaseFolding
{
    // Unicode CaseFolding.txt entries (status C or S) that are not a plain upper/lower pair.
    private static readonly (char From, char To)[] ExtraFolds =
    [
        ('\u017F', 's'), ('\u212A', 'k'), ('\u212B', '\u00E5'), ('\u1E9E', '\u00DF'), ('\u0345', '\u03B9'), ('\u1FBE', '\u03B9'),
        ('\u03C2', '\u03C3'), ('\u03D0', '\u03B2'), ('\u03D1', '\u03B8'), ('\u03D5', '\u03C6'), ('\u03D6', '\u03C0'), ('\u03F0', '\u03BA'),
        ('\u03F1', '\u03C1'), ('\u03F5', '\u03B5'), ('\u1E9B', '\u1E61'), ('\u1C80', '\u0432'), ('\u1C81', '\u0434'), ('\u1C82', '\u043E'),
        ('\u1C83', '\u0441'), ('\u1C84', '\u0442'), ('\u1C85', '\u0442'), ('\u1C86', '\u044A'), ('\u1C87', '\u0463'), ('\u1C88', '\uA64B'),
    ];

    public static ImmutableArray<CodeRange> Close(ImmutableArray<CodeRange> ranges)
    {
        var parent = new int[0x10000];
        for (var c = 0; c < parent.Length; c++)
        {
            parent[c] = c;
        }

        for (var c = 0; c <= 0xFFFF; c++)
        {
            if (char.IsSurrogate((char)c) || c is 0x130 or 0x131)
            {
                continue;
            }

            Join(parent, c, char.ToUpperInvariant((char)c));
            Join(parent, c, char.ToLowerInvariant((char)c));
        }

        foreach (var (from, to) in ExtraFolds)
        {
            Join(parent, from, to);
        }

        var orbits = Enumerable.Range(0, 0x10000)
            .Where(c => !char.IsSurrogate((char)c) && c is not (0x130 or 0x131))
            .GroupBy(c => Root(parent, c))
            .Where(orbit => orbit.Skip(1).Any());
        var added = new List<CodeRange>();
        foreach (var orbit in orbits)
        {
            if (orbit.Any(c => Contains(ranges, c)))
            {
                added.AddRange(orbit.Select(c => new CodeRange(c, c)));
            }
        }

        return RangeSets.Normalize(ranges.Concat(added));
    }

    private static void Join(int[] parent, int a, int b)
    {
        if (b is 0x130 or 0x131)
        {
            return;
        }

        parent[Root(parent, a)] = Root(parent, b);
    }

    private static int Root(int[] parent, int c)
    {
        while (parent[c] != c)
        {
            parent[c] = parent[parent[c]];
            c = parent[c];
        }

        return c;
    }

    private static bool Contains(ImmutableArray<CodeRange> ranges, int codePoint)
    {
        var (low, high) = (0, ranges.Length - 1);
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if (codePoint < ranges[middle].First)
            {
                high = middle - 1;
            }
            else if (codePoint > ranges[middle].Last)
            {
                low = middle + 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }
}
