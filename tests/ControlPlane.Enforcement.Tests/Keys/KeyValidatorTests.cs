using ControlPlane.Enforcement.Keys;
using ControlPlane.Enforcement.Tests.Infrastructure;

namespace ControlPlane.Enforcement.Tests.Keys;

public sealed class KeyValidatorTests
{
    [Fact]
    public void A_key_up_to_max_length_is_accepted_and_a_longer_one_refused()
    {
        var rule = (TestRules.Create() with { Key = TestRules.Create().Key with { MaxLength = 5 } }).Compile();

        Assert.Equal(KeyStatus.Found, KeyValidator.Validate(rule, KeyExtraction.Found("12345")).Status);
        Assert.Equal(KeyStatus.Invalid, KeyValidator.Validate(rule, KeyExtraction.Found("123456")).Status);
    }

    [Theory]
    [InlineData("abc", true)]
    [InlineData("a b", false)]
    [InlineData("", false)]
    [InlineData("tab\t", false)]
    public void Without_a_pattern_only_visible_ascii_is_allowed(string key, bool valid) =>
        Assert.Equal(valid, KeyValidator.Validate(TestRules.Create().Compile(), KeyExtraction.Found(key)).Status == KeyStatus.Found);

    [Theory]
    [InlineData("8e03978e-40d5-43e8-bc93-6894a57f9324", true)]
    [InlineData("8E03978E-40D5-43E8-BC93-6894A57F9324", false)]
    [InlineData("8e03978e-40d5-43e8-bc93-6894a57f9324-extra", false)]
    public void The_allowed_characters_pattern_must_match_the_whole_key(string key, bool valid)
    {
        var uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
        var rule = (TestRules.Create() with { Key = TestRules.Create().Key with { AllowedCharacters = uuid } }).Compile();

        Assert.Equal(valid, KeyValidator.Validate(rule, KeyExtraction.Found(key)).Status == KeyStatus.Found);
    }

    [Fact]
    public void A_pattern_with_backtracking_constructs_is_refused_as_not_RE2()
    {
        // Was compiled by the backtracking engine; a backreference is not RE2, which the patterns are documented to be.
        var rule = TestRules.Create() with { Key = TestRules.Create().Key with { AllowedCharacters = "(a)\\1" } };

        Assert.Throws<ArgumentException>(() => rule.Compile());
    }

    [Fact]
    public void Re2_named_groups_are_accepted()
    {
        var rule = (TestRules.Create() with { Key = TestRules.Create().Key with { AllowedCharacters = "(?P<prefix>ord)_[0-9]+" } }).Compile();

        Assert.Equal(KeyStatus.Found, KeyValidator.Validate(rule, KeyExtraction.Found("ord_42")).Status);
        Assert.Equal(KeyStatus.Invalid, KeyValidator.Validate(rule, KeyExtraction.Found("inv_42")).Status);
    }

    [Fact]
    public void A_repeated_key_header_is_invalid_and_an_absent_one_missing()
    {
        var rule = TestRules.Create().Compile();

        Assert.Equal(KeyStatus.Invalid, KeyExtractor.FromHeaders(rule, Headers.View(("idempotency-key", "a"), ("idempotency-key", "b"))).Status);
        Assert.Equal(KeyStatus.Missing, KeyExtractor.FromHeaders(rule, Headers.View(("other", "a"))).Status);
        Assert.Equal("a", KeyExtractor.FromHeaders(rule, Headers.View(("Idempotency-Key", "\"a\""))).Key);
    }
}
