using Google.Protobuf.Reflection;
using Xunit.Abstractions;

namespace ControlPlane.Protos.Tests;

/// <summary>Proves protos/ against Envoy's own definitions.</summary>
public sealed class ConformanceTests(ReferenceProtosFixture reference, ITestOutputHelper output)
    : IClassFixture<ReferenceProtosFixture>
{
    [Fact]
    public void Every_proto_file_is_compiled_into_the_assembly()
    {
        Assert.NotEmpty(GeneratedProtos.SourcePaths);
        Assert.Equal(GeneratedProtos.SourcePaths, GeneratedProtos.Files.Select(file => file.Name));
    }

    [ReferenceProtosFact]
    public void Reference_tree_parses_with_only_the_known_validate_option_errors()
    {
        // The shipped validate.proto predates envoy-api's use of `ignore_empty`; nothing else may fail.
        var unexpected = reference.Parsed.Errors
            .Where(error => !error.Contains("ignore_empty", StringComparison.Ordinal));

        Assert.Empty(unexpected);
    }

    [ReferenceProtosFact]
    public void Every_definition_matches_envoys_reference()
    {
        var comparison = reference.CreateComparer().Compare(GeneratedProtos.Files.Select(file => file.ToProto()));
        output.WriteLine($"Compared {comparison.Summary}.");

        Assert.True(comparison.Mismatches.IsEmpty, string.Join(Environment.NewLine, comparison.Mismatches));
        Assert.Equal(GeneratedProtos.Files.Length, comparison.Files);
        Assert.Equal(GeneratedProtos.Files.Sum(file => CountMessages(file.MessageTypes)), comparison.Messages);
        Assert.Equal(GeneratedProtos.Files.Sum(file => CountFields(file.MessageTypes)), comparison.Fields);
        Assert.Equal(GeneratedProtos.Files.Sum(file => file.Services.Sum(service => service.Methods.Count)), comparison.Methods);
    }

    [ReferenceProtosFact]
    public void A_wrong_field_number_is_reported_against_envoys_reference()
    {
        var ours = ProtoSourceParser.ParseSources(new Dictionary<string, string>
        {
            ["envoy/config/core/v3/base.proto"] = """
                syntax = "proto3";
                package envoy.config.core.v3;
                message Locality {
                  string region = 1;
                  string zone = 3;
                }
                """,
        });

        var comparison = reference.CreateComparer().Compare(ours.Files);

        Assert.Equal("envoy.config.core.v3.Locality.zone: number is 3, reference has 2", Assert.Single(comparison.Mismatches));
    }

    private static int CountMessages(IEnumerable<MessageDescriptor> messages) =>
        messages.Sum(message => 1 + CountMessages(message.NestedTypes));

    private static int CountFields(IEnumerable<MessageDescriptor> messages) =>
        messages.Sum(message => message.Fields.InDeclarationOrder().Count + CountFields(message.NestedTypes));
}
