using System.Diagnostics;

namespace ControlPlane.Policy.Tests.Re2;

/// <summary>
/// RE2's own ProgramSize(), from Debian's libre2 (package libre2-9) through a small C++ program this class builds
/// with g++ on first use. Outside CI the tests that need it skip when g++ or the library is absent.
/// </summary>
internal static class LibRe2
{
    private const string Library = "libre2.so.9";

    private static readonly Lazy<string> Program = new(Build);

    public static string? Unavailable { get; } = FindProblem();

    /// <returns>RE2's program size for each pattern, or -1 where RE2 refuses it.</returns>
    public static int[] ProgramSizes(IReadOnlyList<string> patterns)
    {
        var start = new ProcessStartInfo(Program.Value) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        foreach (var pattern in patterns)
        {
            process.StandardInput.Write(pattern + "\n");
        }

        process.StandardInput.Close();
        process.WaitForExit();
        return [.. output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)];
    }

    private static string Build()
    {
        var directory = Directory.CreateTempSubdirectory("libre2-program-size-").FullName;
        var binary = Path.Combine(directory, "program-size");
        var source = Path.Combine(Support.TestPaths.TestsRoot, "Re2", "program-size.cc");
        using var gpp = Process.Start(new ProcessStartInfo("g++", ["-O1", "-o", binary, source, "-l:" + Library]) { RedirectStandardError = true })!;
        var errors = gpp.StandardError.ReadToEnd();
        gpp.WaitForExit();
        return gpp.ExitCode == 0 ? binary : throw new InvalidOperationException($"g++ failed: {errors}");
    }

    private static string? FindProblem()
    {
        if (!new[] { "/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib" }.Any(d => File.Exists(Path.Combine(d, Library))))
        {
            return $"{Library} is not installed (Debian package libre2-9)";
        }

        try
        {
            using var gpp = Process.Start(new ProcessStartInfo("g++", ["--version"]) { RedirectStandardOutput = true })!;
            gpp.WaitForExit();
            return gpp.ExitCode == 0 ? null : "g++ does not run";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "g++ is not on PATH";
        }
    }
}
