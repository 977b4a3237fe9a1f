using System.Text.Json.Nodes;
using ControlPlane.Translation.ConfigDump;
using ControlPlane.Translation.Tests.Support;

namespace ControlPlane.Translation.Tests;

public sealed class YamlWriterTests
{
    [Theory]
    [InlineData("plain")]
    [InlineData("true")]
    [InlineData("False")]
    [InlineData("yes")]
    [InlineData("off")]
    [InlineData("null")]
    [InlineData("~")]
    [InlineData("")]
    [InlineData("8080")]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData(".inf")]
    [InlineData("-x")]
    [InlineData("*")]
    [InlineData("*.example.com")]
    [InlineData("@type")]
    [InlineData(":method")]
    [InlineData("key: value")]
    [InlineData("trailing:")]
    [InlineData("# comment")]
    [InlineData("a #b")]
    [InlineData("[list]")]
    [InlineData("{map}")]
    [InlineData("quote\"d")]
    [InlineData("it's")]
    [InlineData("line\nbreak")]
    [InlineData("tab\there")]
    [InlineData("ünïcode")]
    [InlineData("^(PATCH|POST)$")]
    [InlineData("type.googleapis.com/envoy.config.cluster.v3.Cluster")]
    public void Strings_read_back_as_the_same_strings(string text)
    {
        var node = new JsonObject { [text] = text, ["list"] = new JsonArray(text, new JsonObject { [text] = new JsonArray(text) }) };

        YamlAssert.EquivalentToJson(node.ToJsonString(), YamlWriter.Write(node));
    }

    [Fact]
    public void Numbers_booleans_and_empty_containers_keep_their_types()
    {
        var node = JsonNode.Parse("""{"port": 8080, "on": true, "off": false, "ratio": 0.5, "empty": {}, "none": [], "nested": [[1, 2], {}, []]}""")!;

        YamlAssert.EquivalentToJson(node.ToJsonString(), YamlWriter.Write(node));
    }

    [Fact]
    public void Safe_strings_stay_plain_and_maps_in_lists_start_on_the_dash()
    {
        var node = JsonNode.Parse("""{"clusters": [{"name": "edge/orders", "type": "EDS"}], "port": 1}""")!;

        Assert.Equal("clusters:\n- name: edge/orders\n  type: EDS\nport: 1\n", YamlWriter.Write(node));
    }
}
