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
    [InlineData("a(?=b)", "a lookaround")]
    [InlineData("a(?!b)", "a lookaround")]
    [InlineData("(?<=a)b", "a lookaround")]
    [InlineData("(?<!a)b", "a lookaround")]
    [InlineData(@"(a)\1", "a backreference")]
    [InlineData(@"(?<x>a)\k<x>", "a backreference")]
    [InlineData("(?>a+)b", "an atomic group")]
    [InlineData("(?(a)a|b)", "a conditional")]
    [InlineData(@"\Gabc", @"\G")]
    [InlineData(@"abc\Z", @"\Z (use \z)")]
    [InlineData("(?x)a b", "the inline option 'x'")]
    [InlineData("(?n:(a))", "the inline option 'n'")]
    public void Rejects_dotnet_constructs_RE2_lacks(string pattern, string construct)
    {
        Assert.Equal($"regular expression uses {construct}, which Envoy's RE2 engine does not support", RegexRules.Check(pattern));
    }

    [Theory]
    [InlineData("(abc", "invalid regular expression at offset 4: Not enough )'s")]
    [InlineData("[a-", "invalid regular expression at offset 3: Unterminated [] set")]
    [InlineData("a**", "invalid regular expression at offset 3: Nested quantifier '*'")]
    [InlineData("", "empty regular expression")]
    public void Rejects_invalid_syntax_with_the_offset(string pattern, string error)
    {
        Assert.Equal(error, RegexRules.Check(pattern));
    }
}
