using ControlPlane.Policy.Diagnostics;
using ControlPlane.Policy.Model;
using ControlPlane.Policy.Sources;
using ControlPlane.Policy.Yaml;

namespace ControlPlane.Policy.Reading;

/// <summary>
/// Reads one policy file into models. The boundary no exception crosses: whatever the content, the load goes on
/// with the other files and the problem is a diagnostic at the best-known place.
/// </summary>
internal static class FileReader
{
    public static void Read(PolicySourceFile file, DiagnosticBag diagnostics, ICollection<GatewayModel> gateways, ICollection<PolicyModel> policies)
    {
        // Files read from disk are bounded in bytes before decoding; in-memory text is bounded here (a char is at least one byte).
        if (file.Text.Length > PolicyLimits.MaxFileBytes)
        {
            diagnostics.Add(PolicyFileDecoder.TooLarge(file.Path));
            return;
        }

        var position = new SourcePosition(1, 1);
        try
        {
            var parsed = YamlDocumentParser.Parse(file.Text);
            if (parsed.Problem is { } problem)
            {
                diagnostics.Report(new SourceRef(file.Path, problem.At, ""), problem.Message);
            }

            foreach (var document in parsed.Documents)
            {
                position = document.Start;
                DocumentReader.Read(file.Path, document, diagnostics, gateways, policies);
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Last resort: every known cause is handled where it arises; this keeps an unknown one from stopping the process.
            diagnostics.Report(
                new SourceRef(file.Path, position, ""),
                $"internal error while reading this file ({exception.GetType().Name}: {Quoted.Message(exception.Message)}); please report it");
        }
    }
}
