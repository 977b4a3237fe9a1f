using System.Text.Json;

namespace ControlPlane.Enforcement.Keys;

/// <summary>
/// Reads the key from a JSON body by a dot path of property names (<c>vendor_data.request_id</c>; no array indices).
/// A string is taken as is; an integer by its JSON text (<c>12345</c>); null or an absent property is a missing key;
/// any other JSON type, or a body that is not JSON, is an invalid key.
/// </summary>
internal static class BodyKeyReader
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    public static KeyExtraction Read(ReadOnlyMemory<byte> body, string path)
    {
        if (body.IsEmpty)
        {
            return KeyExtraction.Missing($"The request has no body to read the key field '{path}' from.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, Options);
        }
        catch (JsonException)
        {
            return KeyExtraction.Invalid($"The request body is not valid JSON, so the key field '{path}' cannot be read.");
        }

        using (document)
        {
            var element = document.RootElement;
            foreach (var segment in path.Split('.'))
            {
                if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(segment, out element))
                {
                    return KeyExtraction.Missing($"The request body has no key field '{path}'.");
                }
            }

            return element.ValueKind switch
            {
                JsonValueKind.String => KeyExtraction.Found(element.GetString()!),
                JsonValueKind.Number when element.TryGetInt64(out _) || IsInteger(element.GetRawText()) => KeyExtraction.Found(element.GetRawText()),
                JsonValueKind.Null => KeyExtraction.Missing($"The key field '{path}' is null."),
                _ => KeyExtraction.Invalid($"The key field '{path}' must be a string or an integer."),
            };
        }
    }

    private static bool IsInteger(string json) => !json.AsSpan().TrimStart('-').ContainsAnyExceptInRange('0', '9');
}
