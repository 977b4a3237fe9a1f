using ControlPlane.Enforcement.Keys;
using ControlPlane.Enforcement.Tests.Infrastructure;

namespace ControlPlane.Enforcement.Tests.Keys;

/// <summary>
/// key.allowedCharacters is RE2 and is matched as RE2 matches, not as .NET reads the same text: each case below is
/// one where .NET's own meaning differs (so the old compile-as-.NET refused a key RE2 accepts, or the reverse).
/// </summary>
public sealed class Re2KeyPatternTests
{
    [Theory]
    [InlineData("[[:alpha:]]+", "abc", true)] // .NET reads [[:alpha:]] as a class of '[', ':', 'a', … then ']'
    [InlineData("[[:alnum:]_-]+", "Order_42-x", true)]
    [InlineData(@"\d+", "١٢٣", false)] // RE2's \d is ASCII; .NET's is any Unicode digit
    [InlineData(@"\w+", "clé", false)] // likewise \w
    [InlineData(@"\s", "\u000b", false)] // RE2's \s has no \v
    [InlineData(@"\pN+", "123", true)] // .NET spells it \p{N}
    [InlineData(@"\pL+", "clé", true)]
    [InlineData("^.$", "😀", true)] // one character in RE2, two UTF-16 units in .NET
    [InlineData("[^a]", "😀", true)]
    [InlineData("(?i)k", "\u212a", true)] // RE2 folds k, K and the Kelvin sign together
    [InlineData(@"\Qa.b\E", "a.b", true)]
    [InlineData(@"\Qa.b\E", "axb", false)]
    [InlineData("ord_[0-9]{1,3}", "ord_1234", false)]
    public void Keys_are_matched_as_RE2_matches_them(string pattern, string key, bool allowed)
    {
        var rule = (TestRules.Create() with { Key = TestRules.Create().Key with { AllowedCharacters = pattern, MaxLength = 64 } }).Compile();

        Assert.Equal(allowed, KeyValidator.Validate(rule, KeyExtraction.Found(key)).Status == KeyStatus.Found);
    }

    [Theory]
    [InlineData(@"(a)\1")] // a backreference: .NET has it, RE2 does not
    [InlineData("(?=a)a")]
    [InlineData(@"\p{Greek}+")] // RE2, but .NET has no scripts: refused rather than matched differently
    public void Patterns_that_cannot_be_matched_as_RE2_are_refused(string pattern)
    {
        var rule = TestRules.Create() with { Key = TestRules.Create().Key with { AllowedCharacters = pattern } };

        Assert.Throws<ArgumentException>(() => rule.Compile());
    }
}
