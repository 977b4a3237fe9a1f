using System.CommandLine;
using ControlPlane.Kubernetes.Crds;

namespace ControlPlane.Cli;

/// <summary><c>crds [--output DIR]</c>: the custom resource definitions, for <c>kubectl apply -f -</c> or a chart.</summary>
internal static class CrdsCommand
{
    public static Command Create()
    {
        var output = CliOptions.Text("--output", "Write one file per CRD into this directory (created if missing) instead of printing them.");
        var command = new Command("crds", "Print the CustomResourceDefinitions of Gateway and IdempotencyPolicy (apiextensions.k8s.io/v1).") { output };
        CliOptions.RefuseRepeats(command);
        command.SetAction(result => Run(result.GetValue(output), result.InvocationConfiguration.Output));
        return command;
    }

    private static int Run(string? directory, TextWriter output)
    {
        var crds = CustomResourceDefinitions.Render();
        if (directory is null)
        {
            output.Write(string.Join("---\n", crds.Select(c => c.Yaml)));
            return 0;
        }

        Directory.CreateDirectory(directory);
        foreach (var (fileName, yaml) in crds)
        {
            File.WriteAllText(Path.Combine(directory, fileName), yaml);
            output.WriteLine(Path.Combine(directory, fileName));
        }

        return 0;
    }
}
