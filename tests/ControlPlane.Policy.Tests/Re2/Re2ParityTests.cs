using System.Text.Json;
using System.Text.RegularExpressions;
using ControlPlane.Policy.Tests.Support;
using ControlPlane.Policy.Values;
using ControlPlane.Re2;

namespace ControlPlane.Policy.Tests.Re2;

/// <summary>Our RE2 checker and our RE2 → .NET translation, against a real RE2.</summary>
public sealed class Re2ParityTests
{
    /// <summary>
    /// Where the reference (re2-wasm 1.0.2, RE2 of 2021, Unicode 13) and Envoy's RE2 (2024) differ, we follow Envoy's.
    /// </summary>
    private static readonly Dictionary<string, string> NewerRe2Accepts = new(StringComparer.Ordinal)
    {
        ["(?<n>a)"] = "(?<name>…) named groups, added to RE2 in 2023",
        [@"\p{Vithkuqi}"] = "a Unicode 14 script",
        [@"\p{Kawi}"] = "a Unicode 15 script",
    };

    private static string[] Corpus() =>
    [
        .. File.ReadAllLines(Path.Combine(TestPaths.TestsRoot, "Re2", "corpus.txt"))
            .Where(line => line.Length > 0 && !line.StartsWith('#')),
        .. NewerRe2Accepts.Keys,
    ];

    private static (string Pattern, string Text)[] Pairs() =>
    [
        .. File.ReadAllLines(Path.Combine(TestPaths.TestsRoot, "Re2", "matches.jsonl"))
            .Where(line => line.Length > 0)
            .Select(line => JsonSerializer.Deserialize<string[]>(line)!)
            .Select(pair => (pair[0], pair[1])),
    ];

    [ReferenceRe2Fact]
    public void The_checker_accepts_exactly_what_RE2_accepts()
    {
        Assert.Null(ReferenceRe2.Unavailable);
        var corpus = Corpus();
        var reference = ReferenceRe2.Run(corpus, []);

        var disagreements = new List<string>();
        for (var i = 0; i < corpus.Length; i++)
        {
            var ours = Accepts(corpus[i]);
            var expected = NewerRe2Accepts.ContainsKey(corpus[i]) || reference.Compiles[i];
            if (ours.Accepted != expected)
            {
                disagreements.Add($"{corpus[i]}: RE2 {(reference.Compiles[i] ? "accepts" : "refuses (" + reference.Errors[i] + ")")}, ours {(ours.Accepted ? "accepts" : "refuses (" + ours.Error + ")")}");
            }
        }

        Assert.True(corpus.Length >= 150, $"the corpus has only {corpus.Length} patterns");
        Assert.Contains(false, reference.Compiles);
        Assert.Contains(true, reference.Compiles);
        Assert.True(disagreements.Count == 0, string.Join('\n', disagreements));
    }

    [ReferenceRe2Fact]
    public void The_dotnet_translation_matches_whole_strings_as_RE2_does()
    {
        Assert.Null(ReferenceRe2.Unavailable);
        var pairs = Pairs();
        var reference = ReferenceRe2.Run([], pairs);

        var disagreements = new List<string>();
        for (var i = 0; i < pairs.Length; i++)
        {
            var (pattern, text) = pairs[i];
            var regex = new Regex(Re2ToDotNet.WholeMatch(pattern), RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
            if (regex.IsMatch(text) != reference.FullMatches[i])
            {
                disagreements.Add($"{pattern} on {JsonSerializer.Serialize(text)}: RE2 {reference.FullMatches[i]}, .NET translation {!reference.FullMatches[i]}");
            }
        }

        Assert.Contains(true, reference.FullMatches);
        Assert.Contains(false, reference.FullMatches);
        Assert.True(disagreements.Count == 0, string.Join('\n', disagreements));
    }

    private static (bool Accepted, string? Error) Accepts(string pattern)
    {
        // The empty pattern is RE2 but refused by policy (it matches everything); the checker itself accepts it.
        var error = pattern.Length == 0 ? null : RegexRules.Check(pattern);
        return (error is null, error);
    }
}
