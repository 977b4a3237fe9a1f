using System.Collections.Immutable;
using System.Reflection;
using Google.Protobuf.Reflection;

namespace ControlPlane.Protos.Tests;

/// <summary>The file descriptors compiled into ControlPlane.Protos from protos/.</summary>
internal static class GeneratedProtos
{
    public static ImmutableArray<FileDescriptor> Files { get; } = LoadFiles();

    /// <summary>Every .proto under protos/, as paths relative to it (the names protoc gives the files).</summary>
    public static ImmutableArray<string> SourcePaths { get; } = LoadSourcePaths();

    private static ImmutableArray<FileDescriptor> LoadFiles() =>
    [
        .. typeof(Envoy.Config.Core.V3.Node).Assembly.GetTypes()
            .Where(type => type.IsAbstract && type.IsSealed && type.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .Select(type => type.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null))
            .OfType<FileDescriptor>()
            .OrderBy(file => file.Name, StringComparer.Ordinal),
    ];

    private static ImmutableArray<string> LoadSourcePaths() =>
    [
        .. Directory.EnumerateFiles(RepositoryLayout.ProtosDirectory, "*.proto", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(RepositoryLayout.ProtosDirectory, path).Replace('\\', '/'))
            .OrderBy(path => path, StringComparer.Ordinal),
    ];
}
