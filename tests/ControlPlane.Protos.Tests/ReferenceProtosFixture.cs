namespace ControlPlane.Protos.Tests;

/// <summary>Envoy's reference files at the paths of our protos (plus their imports), parsed once per test class.</summary>
public sealed class ReferenceProtosFixture
{
    private static readonly string[] ImportRoots = ["envoy-api", "xds", "googleapis", "protoc-gen-validate"];

    private readonly Lazy<ParsedProtos> parsed = new(Load);

    internal ParsedProtos Parsed => parsed.Value;

    internal SchemaComparer CreateComparer() => new(Parsed.Files);

    private static ParsedProtos Load()
    {
        if (!RepositoryLayout.ReferenceProtosPresent)
        {
            throw new InvalidOperationException(
                $"Envoy's reference protos are missing at {RepositoryLayout.ReferenceProtosDirectory}; "
                + "CI must run .ci/fetch-reference-protos.sh before the tests.");
        }

        var importPaths = ImportRoots.Select(root => Path.Combine(RepositoryLayout.ReferenceProtosDirectory, root));
        return ProtoSourceParser.ParseFiles(importPaths, GeneratedProtos.SourcePaths);
    }
}
