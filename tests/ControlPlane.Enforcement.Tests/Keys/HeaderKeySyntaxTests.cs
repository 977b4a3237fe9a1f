using ControlPlane.Enforcement.Keys;

namespace ControlPlane.Enforcement.Tests.Keys;

public sealed class HeaderKeySyntaxTests
{
    [Theory]
    [InlineData("\"8e03978e-40d5-43e8-bc93-6894a57f9324\"", "8e03978e-40d5-43e8-bc93-6894a57f9324")]
    [InlineData("\"with \\\"quote\\\" and \\\\slash\"", "with \"quote\" and \\slash")]
    [InlineData("  \"padded\"  ", "padded")]
    [InlineData("\"a b\"", "a b")]
    [InlineData("8e03978e-40d5-43e8-bc93-6894a57f9324", "8e03978e-40d5-43e8-bc93-6894a57f9324")]
    [InlineData("order:42/retry*1", "order:42/retry*1")]
    public void Accepts_sf_strings_and_bare_tokens(string field, string key)
    {
        var result = HeaderKeySyntax.Decode(field);

        Assert.Equal(KeyStatus.Found, result.Status);
        Assert.Equal(key, result.Key);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\"unterminated")]
    [InlineData("\"bad \\n escape\"")]
    [InlineData("\"trailing\"x")]
    [InlineData("\"param\";a=1")]
    [InlineData("\"tab\tinside\"")]
    [InlineData("\"caf\u00e9\"")]
    [InlineData("two words")]
    [InlineData("a,b")]
    [InlineData("a;b")]
    [InlineData("back\\slash")]
    [InlineData("caf\u00e9")]
    public void Refuses_malformed_values(string field)
    {
        var result = HeaderKeySyntax.Decode(field);

        Assert.Equal(KeyStatus.Invalid, result.Status);
        Assert.False(string.IsNullOrEmpty(result.Reason));
    }
}
