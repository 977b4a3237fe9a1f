using System.Diagnostics;

namespace ControlPlane.Tests;

/// <summary>
/// The built executable run as an operator runs it: a crash (stack overflow, unhandled exception) shows as an exit
/// code here instead of taking the test host down with it.
/// </summary>
internal static class ControlPlaneProcess
{
    public static Task<(int Code, string Output, string Errors)> RunAsync(TimeSpan limit, params string[] args) =>
        RunAsync(limit, null, new Dictionary<string, string>(), args);

    public static async Task<(int Code, string Output, string Errors)> RunAsync(TimeSpan limit, string? workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ControlPlane.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"ControlPlane {string.Join(' ', args)} did not exit within {limit}");
        }

        return (process.ExitCode, await output, await errors);
    }
}
