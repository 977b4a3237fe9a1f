using ControlPlane.Policy.Reading;

namespace ControlPlane.Policy.Tests.Values;

public sealed class NameSuggesterTests
{
    private static readonly string[] Fields = ["name", "addresses", "connectTimeout", "protocol"];

    [Theory]
    [InlineData("adresses", "addresses")]
    [InlineData("Addresses", "addresses")]
    [InlineData("conectTimeout", "connectTimeout")]
    [InlineData("connectTimout", "connectTimeout")]
    [InlineData("protocl", "protocol")]
    [InlineData("nmae", "name")]
    public void Suggests_close_names(string input, string expected)
    {
        Assert.Equal(expected, NameSuggester.Closest(input, Fields));
    }

    [Theory]
    [InlineData("colour")]
    [InlineData("timeout")]
    [InlineData("x")]
    public void Stays_quiet_when_nothing_is_close(string input)
    {
        Assert.Null(NameSuggester.Closest(input, Fields));
    }
}
