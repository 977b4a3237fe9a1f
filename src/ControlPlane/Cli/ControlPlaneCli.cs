using System.CommandLine;
using System.CommandLine.Invocation;

namespace ControlPlane.Cli;

/// <summary>
/// The command line (System.CommandLine): one command per verb with typed, validated options; <c>--help</c> on every
/// verb, <c>--version</c> and <c>version</c>, completions through the <c>[suggest]</c> directive (dotnet-suggest).
/// Exit codes: 0 success, 1 invalid policies, 2 a usage error (unknown verb or flag, bad value, repeated flag).
/// </summary>
internal static class ControlPlaneCli
{
    public const int UsageError = 2;

    public static RootCommand Build()
    {
        var root = new RootCommand("Envoy xDS control plane for idempotent API gateways.")
        {
            ServeCommand.Create(),
            ValidateCommand.Create(),
            RenderCommand.Create(),
            BootstrapCommand.Create(),
            StatusCommand.Create(),
            CrdsCommand.Create(),
            VersionCommand.Create(),
        };
        // Ours, not the entry assembly's: the same text whoever hosts the parser (tests do).
        root.Options.OfType<VersionOption>().Single().Action = new VersionCommand.PrintVersion();
        return root;
    }

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter errors, CancellationToken cancellationToken = default)
    {
        var parsed = Build().Parse(args);
        // Signals are the host's: it drains xDS streams within its own shutdown window, which a parser-level timeout would cut short.
        var invocation = new InvocationConfiguration { Output = output, Error = errors, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
        if (parsed.Action is ParseErrorAction parseError)
        {
            // The errors and typo corrections, without the whole help text burying them.
            parseError.ShowHelp = false;
            await parsed.InvokeAsync(new InvocationConfiguration { Output = errors, Error = errors }, cancellationToken).ConfigureAwait(false);
            var verb = parsed.CommandResult.Command is RootCommand ? "" : " " + parsed.CommandResult.Command.Name;
            await errors.WriteLineAsync($"Run 'ControlPlane{verb} --help' for usage.").ConfigureAwait(false);
            return UsageError;
        }

        try
        {
            return await parsed.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (CommandLineException e)
        {
            await errors.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return UsageError;
        }
    }
}
