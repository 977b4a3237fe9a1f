using System.Text;
using ControlPlane.Enforcement.Keys;

namespace ControlPlane.Enforcement.Tests.Keys;

public sealed class BodyKeyReaderTests
{
    [Theory]
    [InlineData("""{"vendor_data":{"id":"abc"}}""", "abc")]
    [InlineData("""{"vendor_data":{"id":12345}}""", "12345")]
    [InlineData("""{"vendor_data":{"id":-7}}""", "-7")]
    [InlineData("""{"vendor_data":{"id":123456789012345678901234567890}}""", "123456789012345678901234567890")]
    public void Reads_strings_and_integers_by_dot_path(string json, string key) =>
        Assert.Equal(key, Read(json).Key);

    [Theory]
    [InlineData("")]
    [InlineData("""{"vendor_data":{}}""")]
    [InlineData("""{"vendor_data":"flat"}""")]
    [InlineData("""{"vendor_data":{"id":null}}""")]
    [InlineData("""[1,2]""")]
    public void Absent_or_null_is_missing(string json) => Assert.Equal(KeyStatus.Missing, Read(json).Status);

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"vendor_data":{"id":1.5}}""")]
    [InlineData("""{"vendor_data":{"id":1e3}}""")]
    [InlineData("""{"vendor_data":{"id":true}}""")]
    [InlineData("""{"vendor_data":{"id":{"nested":1}}}""")]
    public void Other_types_and_non_json_are_invalid(string json) => Assert.Equal(KeyStatus.Invalid, Read(json).Status);

    private static KeyExtraction Read(string json) => BodyKeyReader.Read(Encoding.UTF8.GetBytes(json), "vendor_data.id");
}
