extern alias ProtobufNet;

using System.Collections.Immutable;
using Google.Protobuf.Reflection;
using ProtobufNetDescriptorSet = ProtobufNet::Google.Protobuf.Reflection.FileDescriptorSet;

namespace ControlPlane.Protos.Tests;

/// <summary>Descriptors parsed from .proto source, and the parser's errors.</summary>
internal sealed record ParsedProtos(ImmutableArray<FileDescriptorProto> Files, ImmutableArray<string> Errors);

/// <summary>
/// Parses .proto source with protobuf-net.Reflection (no protoc needed, and lenient about the
/// reference tree's outdated validate.proto) into Google.Protobuf descriptor protos, the same
/// shape <see cref="FileDescriptor.ToProto"/> gives for our generated code.
/// </summary>
internal static class ProtoSourceParser
{
    public static ParsedProtos ParseFiles(IEnumerable<string> importPaths, IEnumerable<string> relativePaths)
    {
        var set = new ProtobufNetDescriptorSet();
        foreach (var importPath in importPaths)
        {
            set.AddImportPath(importPath);
        }

        var missing = relativePaths
            .Where(relativePath => !set.Add(relativePath, includeInOutput: true))
            .Select(relativePath => $"{relativePath}: not found on the import paths");
        return Process(set, missing.ToImmutableArray());
    }

    /// <summary>Parses in-memory sources keyed by file name (no imports beyond each other).</summary>
    public static ParsedProtos ParseSources(IReadOnlyDictionary<string, string> sourcesByFileName)
    {
        var set = new ProtobufNetDescriptorSet();
        foreach (var (fileName, source) in sourcesByFileName)
        {
            set.Add(fileName, includeInOutput: true, new StringReader(source));
        }

        return Process(set, []);
    }

    private static ParsedProtos Process(ProtobufNetDescriptorSet set, ImmutableArray<string> earlierErrors)
    {
        set.Process();
        var errors = set.GetErrors()
            .Where(error => error.IsError)
            .Select(error => $"{error.File}:{error.LineNumber}: {error.Message}");

        // Round-trip through the wire format to move from protobuf-net's descriptor classes to Google.Protobuf's.
        using var buffer = new MemoryStream();
        set.Serialize(ProtobufNetDescriptorSet.Serializer, buffer, includeImports: true);
        var files = FileDescriptorSet.Parser.ParseFrom(buffer.ToArray()).File;
        return new ParsedProtos([.. files], earlierErrors.AddRange(errors));
    }
}
