using ControlPlane.Policy.Values;

namespace ControlPlane.Policy.Tests.Values;

public sealed class ByteSizeTests
{
    [Theory]
    [InlineData("1", 1)]
    [InlineData("1048576", 1_048_576)]
    [InlineData("512Ki", 524_288)]
    [InlineData("1Mi", 1_048_576)]
    [InlineData("3Gi", 3_221_225_472)]
    [InlineData("4294967295", 4_294_967_295)]
    public void Parses_bytes_and_binary_suffixes(string text, long bytes)
    {
        Assert.Null(ByteSize.TryParse(text, out var value));
        Assert.Equal(bytes, value);
    }

    [Theory]
    [InlineData("10MB", "'10MB' is not a size (use a number of bytes or a binary suffix Ki, Mi, Gi, e.g. 512Ki or 1Mi)")]
    [InlineData("1k", "'1k' is not a size (use a number of bytes or a binary suffix Ki, Mi, Gi, e.g. 512Ki or 1Mi)")]
    [InlineData("1.5Mi", "'1.5Mi' is not a size (use a number of bytes or a binary suffix Ki, Mi, Gi, e.g. 512Ki or 1Mi)")]
    [InlineData("Mi", "'Mi' is not a size (use a number of bytes or a binary suffix Ki, Mi, Gi, e.g. 512Ki or 1Mi)")]
    [InlineData("-1", "'-1' is not a size (use a number of bytes or a binary suffix Ki, Mi, Gi, e.g. 512Ki or 1Mi)")]
    [InlineData("0", "'0' must be at least 1 byte")]
    [InlineData("0Ki", "'0Ki' must be at least 1 byte")]
    [InlineData("4Gi", "'4Gi' is too large (at most 4294967295 bytes)")]
    [InlineData("4294967296", "'4294967296' is too large (at most 4294967295 bytes)")]
    [InlineData("99999999999999999999", "'99999999999999999999' is too large (at most 4294967295 bytes)")]
    public void Rejects_other_sizes_with_a_reason(string text, string error)
    {
        Assert.Equal(error, ByteSize.TryParse(text, out _));
    }
}
