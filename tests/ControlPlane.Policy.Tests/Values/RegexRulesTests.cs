using ControlPlane.Policy.Values;

namespace ControlPlane.Policy.Tests.Values;

public sealed class RegexRulesTests
{
    [Theory]
    [InlineData("^/v1/users/[^/]+/proof-of-address$")]
    [InlineData("(?i)^abc$")]
    [InlineData("(?im-s:abc)")]
    [InlineData("(?<version>v[0-9]+)")]
    [InlineData("[(?=]+")]
    [InlineData("[]?=]")]
    [InlineData(@"\(\?=literal\)")]
    [InlineData(@"\d{2,3}\b\z")]
    public void Accepts_what_RE2_and_dotnet_both_support(string pattern)
    {
        Assert.Null(RegexRules.Check(pattern));
    }

    [Theory]
    [InlineData("a(?=b)", "lookahead is not supported by RE2")]
    [InlineData("a(?!b)", "lookahead is not supported by RE2")]
    [InlineData("(?<=a)b", "lookbehind is not supported by RE2")]
    [InlineData("(?<!a)b", "lookbehind is not supported by RE2")]
    [InlineData(@"(a)\1", "backreferences are not supported by RE2")]
    [InlineData(@"(?<x>a)\k<x>", "backreferences are not supported by RE2")]
    [InlineData("(?>a+)b", "atomic groups are not supported by RE2")]
    [InlineData("(?(a)a|b)", "conditionals are not supported by RE2")]
    [InlineData(@"\Gabc", "not supported by RE2")]
    [InlineData(@"abc\Z", @"RE2 has \z")]
    [InlineData("(?x)a b", "the flag 'x' is not supported by RE2")]
    [InlineData("(?n:(a))", "the flag 'n' is not supported by RE2")]
    [InlineData("a++", "bad repetition operator: ++")]
    [InlineData("a{1001}", "invalid repetition size: {1001}")]
    [InlineData("(a{20}){51}", "nested counts multiply to more than 1000")]
    [InlineData(@"\p{IsGreek}", @"invalid character class range: \p{IsGreek}")]
    public void Rejects_dotnet_constructs_RE2_lacks(string pattern, string reason)
    {
        var error = RegexRules.Check(pattern);

        Assert.NotNull(error);
        Assert.StartsWith("invalid RE2 regular expression at offset ", error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(abc", "invalid RE2 regular expression at offset 4: missing )")]
    [InlineData("[a-", "invalid RE2 regular expression at offset 0: missing ]: [a-")]
    [InlineData("a**", "invalid RE2 regular expression at offset 1: bad repetition operator: **")]
    [InlineData("", "empty regular expression")]
    public void Rejects_invalid_syntax_with_the_offset(string pattern, string error)
    {
        Assert.Equal(error, RegexRules.Check(pattern));
    }

    [Theory]
    [InlineData("[[:alpha:]]+")]
    [InlineData(@"\pN\p{Greek}\PL")]
    [InlineData(@"\Q(?=\E")]
    [InlineData("a{1000}")]
    [InlineData("(?U)a+?")]
    public void Accepts_RE2_syntax_dotnet_spells_differently(string pattern)
    {
        Assert.Null(RegexRules.Check(pattern));
    }

    [Fact]
    public void A_quoted_fragment_of_a_long_pattern_is_cut()
    {
        var error = RegexRules.Check("[" + new string('a', 10_000));

        Assert.NotNull(error);
        Assert.True(error.Length < 200, error);
        Assert.EndsWith("…", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("^/v1/users/[^/]+/proof-of-address$", true)]
    [InlineData("^/v1/(orders|payments|refunds)/[0-9]+$", true)]
    [InlineData("^/v1/orders/[0-9a-f-]{36}$", false)] // 36 copies of a 3-range class: over 100 in RE2 too
    [InlineData(".*.*.*.*.*.*.*.*", true)] // RE2 coalesces them into one .*
    [InlineData("^/v1/[^/]{1,20}/x$", false)]
    [InlineData("[a-z]{200}", false)]
    [InlineData(@"\pL+", false)]
    public void Envoy_program_size_limit(string pattern, bool fits)
    {
        Assert.Equal(fits, RegexRules.CheckProgramSize(pattern) is null);
    }

    [Theory]
    [InlineData(@"[[:alnum:]_-]+")]
    [InlineData(@"\pL+")]
    public void Key_patterns_that_translate(string pattern)
    {
        Assert.Null(RegexRules.CheckKeyPattern(pattern));
    }

    [Theory]
    [InlineData(@"\p{Greek}+", "Unicode script")]
    [InlineData(@"\bkey", @"\b and \B")]
    [InlineData(@"\C+", @"\C (any byte)")]
    public void Key_patterns_without_an_exact_dotnet_equivalent(string pattern, string reason)
    {
        var error = RegexRules.CheckKeyPattern(pattern);

        Assert.NotNull(error);
        Assert.StartsWith("not supported in key.allowedCharacters: ", error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
