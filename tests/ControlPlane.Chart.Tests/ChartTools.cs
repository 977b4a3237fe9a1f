using System.Diagnostics;

namespace ControlPlane.Chart.Tests;

/// <summary>The real helm and node that <c>.ci/install-kubernetes-tools.sh</c> puts in <c>.ci/tools</c>.</summary>
internal static class ChartTools
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Chart => Path.Combine(RepoRoot, "charts", "idempotency-gateway");

    public static string ToolsDirectory => Path.Combine(RepoRoot, ".ci", "tools");

    public static string Helm => Path.Combine(ToolsDirectory, "bin", "helm");

    /// <summary>Why the chart tests cannot run here, or null. Never a reason in CI, where a missing tool fails the test instead.</summary>
    public static string? MissingReason { get; } =
        Environment.GetEnvironmentVariable("CI") == "true" || (File.Exists(Helm) && Directory.Exists(Path.Combine(ToolsDirectory, "node_modules", "kubernetes-models")))
            ? null
            : "helm and the Kubernetes schemas are not installed: run .ci/install-kubernetes-tools.sh";

    public static (int Code, string Output, string Errors) Run(string file, IEnumerable<string> args, string? input = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = input is not null, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Helm keeps caches and config under HOME; a throwaway one keeps runs independent of the machine.
        start.Environment["HELM_CACHE_HOME"] = Path.Combine(Path.GetTempPath(), "helm-tests", "cache");
        start.Environment["HELM_CONFIG_HOME"] = Path.Combine(Path.GetTempPath(), "helm-tests", "config");
        start.Environment["HELM_DATA_HOME"] = Path.Combine(Path.GetTempPath(), "helm-tests", "data");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }

        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not exit within 60 s");
        }

        return (process.ExitCode, output.Result, errors.Result);
    }

    public static (int Code, string Output, string Errors) Template(string? valueSet, params string[] extra) =>
        Run(Helm, ["template", "gw", Chart, "--namespace", "idempotency", .. valueSet is null ? Array.Empty<string>() : ["--values", valueSet], .. extra]);

    private static string FindRepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ControlPlane.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("ControlPlane.sln not found above the test binaries.");
    }
}

/// <summary>A fact that needs the chart tools; skipped with the reason outside CI when they are absent, never in CI.</summary>
internal sealed class ChartFactAttribute : FactAttribute
{
    public ChartFactAttribute() => Skip = ChartTools.MissingReason;
}

internal sealed class ChartTheoryAttribute : TheoryAttribute
{
    public ChartTheoryAttribute() => Skip = ChartTools.MissingReason;
}
