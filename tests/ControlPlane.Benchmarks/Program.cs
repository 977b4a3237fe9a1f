// Benchmarks, one per area: dotnet run -c Release --project tests/ControlPlane.Benchmarks -- <xds|translation|enforcement> [options]
namespace ControlPlane.Benchmarks;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var rest = args.Skip(1).ToArray();
        return args.FirstOrDefault() switch
        {
            "xds" => await XdsBenchmark.RunAsync(rest),
            "translation" => await TranslationBenchmark.RunAsync(rest),
            "enforcement" => await EnforcementBenchmark.RunAsync(rest),
            _ => Usage(),
        };
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: ControlPlane.Benchmarks <xds|translation|enforcement> [options]");
        return 2;
    }
}
