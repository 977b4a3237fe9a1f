using System.Diagnostics;
using System.Text.Json;
using ControlPlane.Policy.Tests.Support;

namespace ControlPlane.Policy.Tests.Re2;

/// <summary>
/// A real RE2 to compare with: Google's RE2 compiled to WebAssembly (npm re2-wasm, installed by
/// <c>.ci/install-re2-reference.sh</c> into <c>.ci/re2</c>), run by node.
/// </summary>
internal static class ReferenceRe2
{
    public static string Package => Path.Combine(TestPaths.RepoRoot, ".ci", "re2", "node_modules", "re2-wasm");

    private static string Script => Path.Combine(TestPaths.TestsRoot, "Re2", "re2-reference.js");

    /// <summary>Why the reference cannot run here, or null when it can.</summary>
    public static string? Unavailable { get; } = FindProblem();

    public sealed record Verdicts(bool[] Compiles, string[] Errors, bool[] FullMatches);

    public static Verdicts Run(IReadOnlyList<string> patterns, IReadOnlyList<(string Pattern, string Text)> pairs)
    {
        var request = JsonSerializer.Serialize(new { patterns, pairs = pairs.Select(p => new[] { p.Pattern, p.Text }) });
        var start = new ProcessStartInfo("node", [Script, Package])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new System.Text.UTF8Encoding(false),
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var output = node.StandardOutput.ReadToEndAsync();
        var error = node.StandardError.ReadToEndAsync();
        node.StandardInput.Write(request);
        node.StandardInput.Close();
        if (!node.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            node.Kill();
            throw new TimeoutException("the RE2 reference did not finish");
        }

        if (node.ExitCode != 0)
        {
            throw new InvalidOperationException($"the RE2 reference failed: {error.Result}");
        }

        return JsonSerializer.Deserialize<Verdicts>(output.Result, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    private static string? FindProblem()
    {
        if (!File.Exists(Path.Combine(Package, "package.json")))
        {
            return $"re2-wasm is not installed at {Package} (run .ci/install-re2-reference.sh)";
        }

        try
        {
            using var node = Process.Start(new ProcessStartInfo("node", ["--version"]) { RedirectStandardOutput = true });
            node!.WaitForExit();
            return node.ExitCode == 0 ? null : "node does not run";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "node is not on PATH";
        }
    }
}
