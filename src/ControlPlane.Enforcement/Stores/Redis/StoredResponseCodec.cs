using System.Collections.Immutable;
using System.Text;

namespace ControlPlane.Enforcement.Stores.Redis;

/// <summary>
/// The byte layout of a stored response in Redis. The first byte is the format version: a node meets records written
/// by older or newer nodes during a rolling upgrade, and an unknown version is refused cleanly (store unavailable for
/// that key) rather than misread. Version 1: status (u16), header count, then name and value, then body; every length
/// and count is a 7-bit encoded integer.
/// </summary>
internal static class StoredResponseCodec
{
    public const byte CurrentVersion = 1;

    public static byte[] Encode(StoredResponse response)
    {
        using var buffer = new MemoryStream(64 + response.Body.Length);
        Write(buffer, response);
        return buffer.ToArray();
    }

    /// <summary>Appends the encoded response to <paramref name="buffer"/>, so a caller can put its own header first.</summary>
    public static void Write(MemoryStream buffer, StoredResponse response)
    {
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(CurrentVersion);
            writer.Write((ushort)response.Status);
            writer.Write7BitEncodedInt(response.Headers.Length);
            foreach (var header in response.Headers)
            {
                writer.Write(header.Name);
                WriteBytes(writer, header.Value);
            }

            WriteBytes(writer, response.Body);
        }
    }

    public static StoredResponse Decode(byte[] record) => Decode(record, 0);

    /// <summary>Decodes the response that starts at <paramref name="offset"/> and runs to the end of <paramref name="record"/>.</summary>
    public static StoredResponse Decode(byte[] record, int offset)
    {
        if (record.Length <= offset || record[offset] != CurrentVersion)
        {
            throw new StoreUnavailableException($"Stored response has format version {(record.Length <= offset ? "(none)" : record[offset])}; this node reads version {CurrentVersion}.");
        }

        try
        {
            using var reader = new BinaryReader(new MemoryStream(record, offset + 1, record.Length - offset - 1), Encoding.UTF8);
            var status = reader.ReadUInt16();
            var headers = ImmutableArray.CreateBuilder<StoredHeader>(reader.Read7BitEncodedInt());
            for (var i = 0; i < headers.Capacity; i++)
            {
                headers.Add(new StoredHeader(reader.ReadString(), ReadBytes(reader)));
            }

            return new StoredResponse(status, headers.MoveToImmutable(), ReadBytes(reader));
        }
        catch (Exception ex) when (ex is EndOfStreamException or FormatException or ArgumentOutOfRangeException)
        {
            throw new StoreUnavailableException("Stored response is truncated or corrupt.", ex);
        }
    }

    private static void WriteBytes(BinaryWriter writer, byte[] value)
    {
        writer.Write7BitEncodedInt(value.Length);
        writer.Write(value);
    }

    private static byte[] ReadBytes(BinaryReader reader)
    {
        var length = reader.Read7BitEncodedInt();
        var value = reader.ReadBytes(length);
        return value.Length == length ? value : throw new EndOfStreamException();
    }
}
