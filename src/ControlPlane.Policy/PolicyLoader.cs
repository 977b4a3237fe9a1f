using System.Collections.Immutable;
using ControlPlane.Ir;
using ControlPlane.Policy.Compilation;
using ControlPlane.Policy.Diagnostics;
using ControlPlane.Policy.Model;
using ControlPlane.Policy.Reading;
using ControlPlane.Policy.Sources;
using ControlPlane.Policy.Validation;
using ControlPlane.Policy.Yaml;

namespace ControlPlane.Policy;

/// <summary>
/// Entry point of the policy layer: YAML policy files in, <see cref="FleetIr"/> or diagnostics out. Pure: no
/// logging, no state; the same files give the same result whatever their order.
/// </summary>
public static class PolicyLoader
{
    /// <summary>Loads every *.yaml / *.yml file below <paramref name="directory"/> (see <see cref="PolicyDirectoryReader"/> for the rules).</summary>
    public static PolicyLoadResult LoadDirectory(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
        {
            return new PolicyLoadResult(null, [new PolicyDiagnostic(directory, 0, 0, "", "policy directory does not exist")], []);
        }

        var contents = PolicyDirectoryReader.Read(directory);
        return Load(contents.Files, contents.Errors) with { Warnings = [.. contents.Warnings.OrderBy(w => w.File, StringComparer.Ordinal)] };
    }

    /// <summary>
    /// Loads the files and directories given (a command line's) together as one policy set: a policy and the gateway it
    /// names must both be among them. Diagnostics name each file as the user gave it, a directory's files prefixed by
    /// the directory as given (see <see cref="PolicyPathsReader"/>). A path that does not exist is an error.
    /// </summary>
    public static PolicyLoadResult LoadPaths(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var contents = PolicyPathsReader.Read(paths);
        return Load(contents.Files, contents.Errors) with { Warnings = [.. contents.Warnings.OrderBy(w => w.File, StringComparer.Ordinal)] };
    }

    /// <summary>Loads policy files held in memory (tests, hot reload). Paths are used as given in diagnostics.</summary>
    public static PolicyLoadResult Load(IEnumerable<PolicySourceFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        return Load(files, []);
    }

    private static PolicyLoadResult Load(IEnumerable<PolicySourceFile> files, IEnumerable<PolicyDiagnostic> earlierErrors)
    {
        var diagnostics = new DiagnosticBag();
        foreach (var error in earlierErrors)
        {
            diagnostics.Add(error);
        }

        var gateways = new List<GatewayModel>();
        var policies = new List<PolicyModel>();
        var ordered = files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        foreach (var duplicate in ordered.GroupBy(f => f.Path, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            diagnostics.Add(new PolicyDiagnostic(duplicate.Key, 0, 0, "", "the same file path was given more than once"));
        }

        foreach (var file in ordered.DistinctBy(f => f.Path))
        {
            FileReader.Read(file, diagnostics, gateways, policies);
        }

        var set = new PolicySet([.. gateways], [.. policies]);
        FleetIr? fleet = null;
        try
        {
            FleetValidator.Validate(set, diagnostics);
            fleet = diagnostics.Count == 0 ? FleetCompiler.Compile(set) : null;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Last resort, as for each file: the checks across files must not stop the process either.
            diagnostics.Add(new PolicyDiagnostic(
                ordered.FirstOrDefault()?.Path ?? "",
                1,
                1,
                "",
                $"internal error while checking the policies together ({exception.GetType().Name}: {Quoted.Message(exception.Message)}); please report it"));
        }

        var errors = diagnostics.ToSortedArray();
        return new PolicyLoadResult(errors.IsEmpty ? fleet : null, errors, [.. ordered.Select(f => f.Path).Distinct()]);
    }
}
