using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace ControlPlane.Policy.Sources;

/// <summary>
/// Reads one policy file: at most <see cref="PolicyLimits.MaxFileBytes"/> bytes, decoded as strict UTF-8. Invalid
/// bytes are an error at their line and column, never silently replaced (a replaced byte in a regex or a name would
/// change what the policy means).
/// </summary>
internal static class PolicyFileDecoder
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    /// <returns>The text, or the diagnostic that says why there is none.</returns>
    public static (string? Text, PolicyDiagnostic? Error) Read(string path, string name)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);

        // The length is the file's size as it is now; reading one byte past the limit catches a file growing meanwhile.
        if (stream.Length > PolicyLimits.MaxFileBytes)
        {
            return (null, TooLarge(name));
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)stream.Length + 1);
        try
        {
            var length = 0;
            int read;
            while ((read = stream.Read(buffer, length, Math.Min(buffer.Length - length, PolicyLimits.MaxFileBytes + 1 - length))) > 0)
            {
                length += read;
                if (length > PolicyLimits.MaxFileBytes)
                {
                    return (null, TooLarge(name));
                }

                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, PolicyLimits.MaxFileBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }

            return Decode(buffer.AsSpan(0, length), name);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static (string? Text, PolicyDiagnostic? Error) Decode(ReadOnlySpan<byte> bytes, string name)
    {
        var skipped = bytes.StartsWith(Bom) ? Bom.Length : 0;
        bytes = bytes[skipped..];

        var chars = new char[bytes.Length];
        var status = Utf8.ToUtf16(bytes, chars, out var bytesRead, out var charsWritten, replaceInvalidSequences: false);
        if (status == OperationStatus.Done)
        {
            return (new string(chars, 0, charsWritten), null);
        }

        // Position of the first bad byte: lines count '\n'; the column counts characters since the line began.
        var text = chars.AsSpan(0, charsWritten);
        var lineStart = text.LastIndexOf('\n') + 1;
        var line = text.Count('\n') + 1;
        var column = charsWritten - lineStart + 1;
        var message = string.Create(CultureInfo.InvariantCulture, $"invalid UTF-8: byte 0x{bytes[bytesRead]:X2} at offset {skipped + bytesRead} (policy files must be UTF-8)");
        return (null, new PolicyDiagnostic(name, line, column, "", message));
    }

    public static PolicyDiagnostic TooLarge(string name) =>
        new(name, 1, 1, "", string.Create(
            CultureInfo.InvariantCulture,
            $"file is larger than the {PolicyLimits.MaxFileBytes / (1024 * 1024)} MiB ({PolicyLimits.MaxFileBytes} bytes) limit for policy files"));
}
