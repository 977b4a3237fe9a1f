using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using ControlPlane.Enforcement.Keys;

namespace ControlPlane.Enforcement.Tests.Keys;

/// <summary>The digest is SHA-256 of the framed fields whichever path computes it: gathered and hashed once, or streamed.</summary>
public sealed class HashWriterTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(600)]
    [InlineData(16 * 1024)]
    [InlineData(70_000)]
    public void The_digest_is_sha256_of_the_length_prefixed_fields(int bodySize)
    {
        var body = Enumerable.Range(0, bodySize).Select(i => (byte)(i * 7)).ToArray();
        var text = new string('é', 300);
        using var hash = new HashWriter();
        hash.Present("rule");
        hash.Absent();
        hash.Present(body);
        hash.Present(text);
        hash.Present("key");

        var expected = Convert.ToHexStringLower(SHA256.HashData([.. Field("rule"u8), 0, .. Field(body), .. Field(Encoding.UTF8.GetBytes(text)), .. Field("key"u8)]));
        Assert.Equal(expected, hash.ToHex());
    }

    [Fact]
    public void Field_boundaries_and_absence_change_the_digest()
    {
        Assert.NotEqual(Digest(h => { h.Present("ab"); h.Present("c"); }), Digest(h => { h.Present("a"); h.Present("bc"); }));
        Assert.NotEqual(Digest(h => h.Absent()), Digest(h => h.Present("")));
    }

    private static string Digest(Action<HashWriter> write)
    {
        using var hash = new HashWriter();
        write(hash);
        return hash.ToHex();
    }

    private static byte[] Field(ReadOnlySpan<byte> value)
    {
        var field = new byte[9 + value.Length];
        field[0] = 1;
        BinaryPrimitives.WriteInt64LittleEndian(field.AsSpan(1), value.Length);
        value.CopyTo(field.AsSpan(9));
        return field;
    }
}
