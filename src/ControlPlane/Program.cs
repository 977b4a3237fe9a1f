using ControlPlane.Cli;

namespace ControlPlane;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        try
        {
            var command = CommandLine.Parse(args, Switches);
            return command.Verb switch
            {
                "serve" => await ServeCommand.RunAsync(command, Console.Error).ConfigureAwait(false),
                "validate" => ValidateCommand.Run(command, Console.Out, Console.Error),
                "render" => RenderCommand.Run(command, Console.Out, Console.Error),
                "bootstrap" => BootstrapCommand.Run(command, Console.Out, Console.Error),
                "help" or "--help" or "-h" => Help(Console.Out, 0),
                _ => Help(Console.Error, 2, $"unknown verb '{command.Verb}'"),
            };
        }
        catch (CommandLineException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 2;
        }
    }

    private static readonly IReadOnlySet<string> Switches = new HashSet<string>(StringComparer.Ordinal) { "sotw", "help" };

    private static int Help(TextWriter output, int exitCode, string? error = null)
    {
        if (error is not null)
        {
            output.WriteLine($"error: {error}");
        }

        output.Write(HelpText.Text);
        return exitCode;
    }
}
