using System.Collections.Immutable;

namespace ControlPlane.Re2;

/// <summary>Sets of code points as sorted, disjoint, non-adjacent ranges.</summary>
internal static class RangeSets
{
    public static ImmutableArray<CodeRange> Normalize(IEnumerable<CodeRange> ranges)
    {
        var sorted = ranges.OrderBy(r => r.First).ToList();
        var merged = ImmutableArray.CreateBuilder<CodeRange>(sorted.Count);
        foreach (var range in sorted)
        {
            if (merged.Count > 0 && range.First <= merged[^1].Last + 1)
            {
                merged[^1] = new CodeRange(merged[^1].First, Math.Max(merged[^1].Last, range.Last));
            }
            else
            {
                merged.Add(range);
            }
        }

        return merged.ToImmutable();
    }

    /// <summary>Every code point up to U+10FFFF not in <paramref name="ranges"/> (normalized).</summary>
    public static ImmutableArray<CodeRange> Complement(ImmutableArray<CodeRange> ranges)
    {
        var result = ImmutableArray.CreateBuilder<CodeRange>(ranges.Length + 1);
        var next = 0;
        foreach (var range in ranges)
        {
            if (range.First > next)
            {
                result.Add(new CodeRange(next, range.First - 1));
            }

            next = range.Last + 1;
        }

        if (next <= Re2Limits.MaxCodePoint)
        {
            result.Add(new CodeRange(next, Re2Limits.MaxCodePoint));
        }

        return result.ToImmutable();
    }

    public static ImmutableArray<CodeRange> Without(ImmutableArray<CodeRange> ranges, CodeRange removed) =>
        Normalize(ranges.SelectMany(r => r.Last < removed.First || r.First > removed.Last
            ? [r]
            : new[] { new CodeRange(r.First, removed.First - 1), new CodeRange(removed.Last + 1, r.Last) }.Where(p => p.First <= p.Last)));
}
