namespace ControlPlane.Protos.Tests;

/// <summary>Shows the comparer catches each kind of divergence, using small in-memory schemas.</summary>
public sealed class SchemaComparerTests
{
    private const string FileName = "demo/v1/item.proto";

    private const string ReferenceSource = """
        syntax = "proto3";
        package demo.v1;
        message Item {
          message Entry { string key = 1; }
          enum Kind { KIND_UNSPECIFIED = 0; SMALL = 1; LARGE = 2; }
          reserved 9;
          reserved "legacy";
          string name = 1;
          Kind kind = 2;
          repeated Entry entries = 3;
          map<string, int64> counts = 4;
          oneof choice { string text = 5; int32 number = 6; }
          Entry primary = 7;
        }
        message Other { string id = 1; }
        service Items {
          rpc Watch(stream Item) returns (stream Item);
          rpc Get(Item) returns (Item);
        }
        """;

    private static readonly SchemaComparer Comparer = new(Parse(ReferenceSource).Files);

    [Fact]
    public void An_identical_schema_has_no_mismatch()
    {
        var comparison = Comparer.Compare(Parse(ReferenceSource).Files);

        Assert.Empty(comparison.Mismatches);
        Assert.Equal((1, 4, 11, 1, 3, 1, 2), (comparison.Files, comparison.Messages, comparison.Fields,
            comparison.Enums, comparison.EnumValues, comparison.Services, comparison.Methods));
    }

    [Fact]
    public void Omitting_fields_messages_and_methods_is_allowed()
    {
        var subset = ReferenceSource
            .Replace("  map<string, int64> counts = 4;\n", "", StringComparison.Ordinal)
            .Replace("message Other { string id = 1; }\n", "", StringComparison.Ordinal)
            .Replace("  rpc Get(Item) returns (Item);\n", "", StringComparison.Ordinal);
        Assert.NotEqual(ReferenceSource, subset);

        var comparison = Comparer.Compare(Parse(subset).Files);

        Assert.Empty(comparison.Mismatches);
    }

    [Theory]
    [InlineData("string name = 1;", "string name = 8;", "demo.v1.Item.name: number is 8, reference has 1")]
    [InlineData("string name = 1;", "string title = 1;", "demo.v1.Item.title: no such field in the reference")]
    [InlineData("Kind kind = 2;", "int32 kind = 2;", "demo.v1.Item.kind: type is Int32, reference has Enum")]
    [InlineData("repeated Entry entries = 3;", "Entry entries = 3;", "demo.v1.Item.entries: label is Optional, reference has Repeated")]
    [InlineData("Entry primary = 7;", "Other primary = 7;", "demo.v1.Item.primary: type name is .demo.v1.Other, reference has .demo.v1.Item.Entry")]
    [InlineData("map<string, int64> counts", "map<string, int32> counts", "demo.v1.Item.CountsEntry.value: type is Int32, reference has Int64")]
    [InlineData("int32 number = 6; }", "} int32 number = 6;", "demo.v1.Item.number: oneof is (none), reference has choice")]
    [InlineData("LARGE = 2;", "LARGE = 3;", "demo.v1.Item.Kind.LARGE: number is 3, reference has 2")]
    [InlineData(" LARGE = 2;", "", "demo.v1.Item.Kind.LARGE: reference value missing here (enums must be complete)")]
    [InlineData("LARGE = 2;", "LARGE = 2; HUGE = 3;", "demo.v1.Item.Kind.HUGE: no such value in the reference")]
    [InlineData("message Entry { string key = 1; }", "message Entry { string key = 1; } message Extra { }", "demo.v1.Item.Extra: no such nested message in the reference")]
    [InlineData("reserved 9;", "reserved 10;", "demo.v1.Item: reserves 10, the reference does not")]
    [InlineData("reserved \"legacy\";", "reserved \"old\";", "demo.v1.Item: reserves the name \"old\", the reference does not")]
    [InlineData("rpc Watch(stream Item)", "rpc Watch(Item)", "demo.v1.Items.Watch: client streaming is False, reference has True")]
    [InlineData("rpc Get(Item) returns (Item);", "rpc Get(Item) returns (Other);", "demo.v1.Items.Get: output is .demo.v1.Other, reference has .demo.v1.Item")]
    [InlineData("rpc Get(", "rpc Fetch(", "demo.v1.Items.Fetch: no such method in the reference")]
    [InlineData("message Other {", "message Another {", "demo.v1.Another: not defined in the reference")]
    public void Each_kind_of_divergence_is_reported(string original, string replacement, string expectedMismatch)
    {
        var changed = ReferenceSource.Replace(original, replacement, StringComparison.Ordinal);
        Assert.NotEqual(ReferenceSource, changed);

        var comparison = Comparer.Compare(Parse(changed).Files);

        Assert.Contains(expectedMismatch, comparison.Mismatches);
    }

    [Fact]
    public void A_file_at_another_path_is_reported()
    {
        var comparison = Comparer.Compare(Parse(ReferenceSource, "demo/v1/items.proto").Files);

        Assert.Contains("demo/v1/items.proto: no reference file at this path", comparison.Mismatches);
    }

    [Fact]
    public void A_definition_moved_to_another_file_is_reported()
    {
        var reference = ProtoSourceParser.ParseSources(new Dictionary<string, string>
        {
            ["demo/v1/a.proto"] = "syntax = \"proto3\"; package demo.v1; message A { }",
            ["demo/v1/b.proto"] = "syntax = \"proto3\"; package demo.v1; message B { }",
        });
        var ours = Parse("syntax = \"proto3\"; package demo.v1; message A { } message B { }", "demo/v1/a.proto");

        var comparison = new SchemaComparer(reference.Files).Compare(ours.Files);

        Assert.Equal("demo.v1.B: defined in demo/v1/a.proto, reference defines it in demo/v1/b.proto", Assert.Single(comparison.Mismatches));
    }

    [Fact]
    public void A_different_package_is_reported()
    {
        var comparison = Comparer.Compare(Parse(ReferenceSource.Replace("package demo.v1;", "package demo.v2;", StringComparison.Ordinal)).Files);

        Assert.Contains($"{FileName}: package is demo.v2, reference has demo.v1", comparison.Mismatches);
    }

    private static ParsedProtos Parse(string source, string fileName = FileName)
    {
        var parsed = ProtoSourceParser.ParseSources(new Dictionary<string, string> { [fileName] = source });
        Assert.Empty(parsed.Errors);
        return parsed;
    }
}
