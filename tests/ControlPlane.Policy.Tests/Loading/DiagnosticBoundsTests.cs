namespace ControlPlane.Policy.Tests.Loading;

public sealed class DiagnosticBoundsTests
{
    [Fact]
    public void Messages_quote_only_a_prefix_of_a_long_value()
    {
        var value = new string('Q', 10_000);
        var text = PolicyText.Gateway("public") + "---\n" + PolicyText.Policy("orders", "public").Replace("[POST]", $"[{value}]", StringComparison.Ordinal);

        var error = Assert.Single(PolicyLoader.Load([new PolicySourceFile("a.yaml", text)]).Errors);

        Assert.Contains($"'{new string('Q', PolicyLimits.MaxQuotedChars)}…'", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 300, error.Message);
    }

    [Fact]
    public void Errors_beyond_the_limit_are_counted_in_one_last_diagnostic()
    {
        var items = string.Join(", ", Enumerable.Range(0, PolicyLimits.MaxErrors + 500).Select(i => $"X{i}"));
        var text = PolicyText.Gateway("public") + "---\n" + PolicyText.Policy("orders", "public").Replace("[POST]", $"[{items}]", StringComparison.Ordinal);

        var errors = PolicyLoader.Load([new PolicySourceFile("a.yaml", text)]).Errors;

        Assert.Equal(PolicyLimits.MaxErrors + 1, errors.Length);
        Assert.Equal($"500 more errors from here on not shown (at most {PolicyLimits.MaxErrors} are reported)", errors[^1].Message);
        Assert.True(errors[^1].Line >= 1);
    }
}
