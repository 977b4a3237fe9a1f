using ControlPlane.Policy.Diagnostics;

namespace ControlPlane.Policy.Reading;

/// <summary>"Did you mean …?" for misspelt field names, enum values and references.</summary>
internal static class NameSuggester
{
    private const int MaxEdits = 3;

    // Names are at most 253 characters.
    private const int MaxLength = 256;

    /// <returns>The closest candidate when it is close enough to be a likely typo, else null.</returns>
    public static string? Closest(string input, IEnumerable<string> candidates)
    {
        // The distance table is quadratic: no suggestion for inputs longer than any valid name.
        if (input.Length > MaxLength)
        {
            return null;
        }

        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates.Where(c => c.Length <= MaxLength && Math.Abs(c.Length - input.Length) <= MaxEdits))
        {
            var distance = Distance(input.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        // Up to a third of the word may be wrong, but always allow one edit and never more than three.
        var allowed = Math.Clamp(input.Length / 3, 1, MaxEdits);
        return bestDistance <= allowed ? best : null;
    }

    /// <summary>" (did you mean 'x'?)" or an empty string.</summary>
    public static string Hint(string input, IEnumerable<string> candidates) =>
        Closest(input, candidates) is { } match ? $" (did you mean '{Quoted.Prefix(match)}'?)" : "";

    /// <summary>Optimal string alignment distance: Levenshtein plus adjacent transpositions.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
