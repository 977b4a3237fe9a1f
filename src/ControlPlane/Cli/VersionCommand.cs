using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace ControlPlane.Cli;

/// <summary><c>version</c>: the same text as <c>--version</c>.</summary>
internal static class VersionCommand
{
    public static string Text { get; } =
        typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static Command Create()
    {
        var command = new Command("version", "Print the version.");
        command.SetAction(new PrintVersion().Invoke);
        return command;
    }

    internal sealed class PrintVersion : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(Text);
            return 0;
        }
    }
}
