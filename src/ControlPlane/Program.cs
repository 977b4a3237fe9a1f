using ControlPlane.Cli;

namespace ControlPlane;

internal static class Program
{
    public static Task<int> Main(string[] args) => ControlPlaneCli.RunAsync(args, Console.Out, Console.Error);
}
