using ControlPlane.Policy.Tests.Support;
using ControlPlane.Re2;

namespace ControlPlane.Policy.Tests.Re2;

/// <summary>Our estimate of RE2's program size (Envoy's limit is 100) against RE2's own ProgramSize().</summary>
public sealed class Re2ProgramSizeTests
{
    /// <summary>Route-like patterns around Envoy's limit, on both sides of it.</summary>
    private static readonly string[] NearTheLimit =
    [
        "^/v1/users/[^/]+/proof-of-address$",
        "^/v1/(orders|payments|refunds)/[0-9]+$",
        "^/v1/orders/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
        "^/v1/orders/[0-9a-f-]{36}$",
        "^/api/v[0-9]+/(users|accounts|sessions|tokens)/[^/]+(/[^/]+)?$",
        ".*.*.*.*.*",
        ".*.*.*.*.*.*.*.*.*.*",
        "[a-z]{90}",
        "[a-z]{100}",
        "(a|b|c|d|e|f|g|h|i|j){9}",
        @"^/\p{Greek}+$",
        @"^/\pL+$",
        "(?i)^/checkout/[a-z0-9-]{1,40}$",
        "^/(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)(l)(m)(n)(o)(p)(q)(r)(s)(t)(u)(v)(w)(x)(y)(z)$",
        @"^[\x{100}-\x{10FFFF}]{10}$",
        "^/v1/[^/]{1,10}/x$",
        "^/v1/[^/]{1,20}/x$",
    ];

    [LibRe2Fact]
    public void The_estimate_is_never_below_RE2s_program_size()
    {
        Assert.Null(LibRe2.Unavailable);
        var patterns = File.ReadAllLines(Path.Combine(TestPaths.TestsRoot, "Re2", "corpus.txt"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Concat(NearTheLimit)
            .Concat(Re2UnicodeGroups.Categories.Keys.Concat(Re2UnicodeGroups.Scripts).SelectMany(g => new[] { $@"\p{{{g}}}", $@"[^\p{{{g}}}a]", $@"(?i)\P{{{g}}}" }))
            .Where(p => Parses(p) is not null)
            .ToArray();
        var real = LibRe2.ProgramSizes(patterns);

        var below = new List<string>();
        var sides = new List<string>();
        for (var i = 0; i < patterns.Length; i++)
        {
            if (real[i] < 0)
            {
                continue; // RE2 of 2022 lacks (?<name>…): nothing to compare
            }

            var estimate = Re2ProgramSize.Estimate(Parses(patterns[i])!);
            if (estimate < real[i])
            {
                below.Add($"{patterns[i]}: estimate {estimate} < RE2's {real[i]}");
            }

            if (NearTheLimit.Contains(patterns[i]))
            {
                sides.Add($"{patterns[i]}: RE2 {real[i]}, estimate {estimate}");
            }
        }

        Assert.True(below.Count == 0, string.Join('\n', below));
        foreach (var side in sides)
        {
            Console.WriteLine(side);
        }

        // The comparison means something: the near-limit set has patterns on both sides of Envoy's limit.
        var nearSizes = NearTheLimit.Select(p => real[Array.IndexOf(patterns, p)]).ToList();
        Assert.Contains(nearSizes, s => s > Re2Limits.EnvoyMaxProgramSize);
        Assert.Contains(nearSizes, s => s is > 0 and <= Re2Limits.EnvoyMaxProgramSize);
    }

    [LibRe2Fact]
    public void The_estimate_accepts_what_RE2_accepts_for_ordinary_route_patterns()
    {
        // Conservative, but not uselessly: route patterns well inside the limit are accepted.
        Assert.Null(LibRe2.Unavailable);
        string[] ordinary = ["^/v1/users/[^/]+/proof-of-address$", "^/v1/(orders|payments|refunds)/[0-9]+$", "(?i)^/checkout/[a-z0-9-]+$", "^/v1/[^/]{1,3}/x$"];
        var real = LibRe2.ProgramSizes(ordinary);

        for (var i = 0; i < ordinary.Length; i++)
        {
            Assert.True(real[i] <= Re2Limits.EnvoyMaxProgramSize, $"{ordinary[i]}: RE2 {real[i]}");
            Assert.True(Re2ProgramSize.Estimate(Re2Parser.Parse(ordinary[i])) <= Re2Limits.EnvoyMaxProgramSize, ordinary[i]);
        }
    }

    private static Re2Node? Parses(string pattern)
    {
        try
        {
            return Re2Parser.Parse(pattern);
        }
        catch (Re2SyntaxException)
        {
            return null;
        }
    }
}
