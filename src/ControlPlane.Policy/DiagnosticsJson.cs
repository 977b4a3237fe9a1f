using System.Text;
using System.Text.Json;

namespace ControlPlane.Policy;

/// <summary>
/// The machine-readable form of a load result (<c>validate --format json</c>):
/// <c>{"valid": bool, "files": [..], "errors": [{"file", "line", "column", "path", "message"}]}</c>.
/// </summary>
public static class DiagnosticsJson
{
    public static string Serialize(PolicyLoadResult result)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
        {
            Write(writer, result);
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    public static void Write(Utf8JsonWriter writer, PolicyLoadResult result)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(result);
        writer.WriteStartObject();
        writer.WriteBoolean("valid", result.IsValid);
        writer.WriteStartArray("files");
        foreach (var file in result.Files)
        {
            writer.WriteStringValue(file);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("errors");
        foreach (var error in result.Errors)
        {
            writer.WriteStartObject();
            writer.WriteString("file", error.File);
            writer.WriteNumber("line", error.Line);
            writer.WriteNumber("column", error.Column);
            writer.WriteString("path", error.Path);
            writer.WriteString("message", error.Message);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
