using System.Collections.Immutable;

namespace ControlPlane.Protos.Tests;

/// <summary>What a comparison found wrong, and how much it checked (so "no mismatch" cannot mean "checked nothing").</summary>
internal sealed record SchemaComparison(
    ImmutableArray<string> Mismatches,
    int Files,
    int Messages,
    int Fields,
    int Enums,
    int EnumValues,
    int Services,
    int Methods)
{
    public string Summary =>
        $"{Files} files, {Messages} messages, {Fields} fields, {Enums} enums, {EnumValues} enum values, {Services} services, {Methods} methods";
}
