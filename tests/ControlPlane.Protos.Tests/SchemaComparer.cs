using System.Collections.Immutable;
using Google.Protobuf.Reflection;

namespace ControlPlane.Protos.Tests;

/// <summary>
/// Checks that our definitions are a faithful subset of a reference schema: each file has the
/// reference's path and package; each message, enum and service we define is defined in the same
/// file there; each field matches by name, number, type (with the full name of message and enum
/// types), label and oneof; enums carry exactly the reference's values; methods match in name,
/// input, output and streaming. Fields and messages may be omitted, nothing may differ.
/// </summary>
internal sealed class SchemaComparer
{
    private readonly ImmutableDictionary<string, FileDescriptorProto> referenceFiles;
    private readonly ImmutableDictionary<string, string> referenceFileByDefinition;

    public SchemaComparer(IEnumerable<FileDescriptorProto> referenceFiles)
    {
        var files = referenceFiles.ToImmutableArray();
        this.referenceFiles = files.ToImmutableDictionary(file => file.Name, StringComparer.Ordinal);
        referenceFileByDefinition = files
            .SelectMany(file => TopLevelNames(file).Select(name => (name, file.Name)))
            .GroupBy(pair => pair.name, StringComparer.Ordinal)
            .ToImmutableDictionary(group => group.Key, group => group.First().Name, StringComparer.Ordinal);
    }

    public SchemaComparison Compare(IEnumerable<FileDescriptorProto> ours)
    {
        var run = new Run(this);
        foreach (var file in ours)
        {
            run.CompareFile(file);
        }

        return run.Result();
    }

    private static IEnumerable<string> TopLevelNames(FileDescriptorProto file) =>
        file.MessageType.Select(message => message.Name)
            .Concat(file.EnumType.Select(enumType => enumType.Name))
            .Concat(file.Service.Select(service => service.Name))
            .Select(name => FullName(file.Package, name));

    private static string FullName(string scope, string name) => scope.Length == 0 ? name : $"{scope}.{name}";

    /// <summary>One comparison's mismatches and counters.</summary>
    private sealed class Run(SchemaComparer comparer)
    {
        private readonly ImmutableArray<string>.Builder mismatches = ImmutableArray.CreateBuilder<string>();
        private int files;
        private int messages;
        private int fields;
        private int enums;
        private int enumValues;
        private int services;
        private int methods;

        public SchemaComparison Result() =>
            new(mismatches.ToImmutable(), files, messages, fields, enums, enumValues, services, methods);

        public void CompareFile(FileDescriptorProto ours)
        {
            files++;
            if (!comparer.referenceFiles.TryGetValue(ours.Name, out var reference))
            {
                Report(ours.Name, "no reference file at this path");
                return;
            }

            Expect(ours.Name, "package", ours.Package, reference.Package);
            Expect(ours.Name, "syntax", ours.Syntax, reference.Syntax);

            foreach (var message in ours.MessageType)
            {
                var fullName = FullName(ours.Package, message.Name);
                if (IsDefinedIn(ours.Name, fullName))
                {
                    CompareMessage(fullName, message, reference.MessageType.Single(candidate => candidate.Name == message.Name));
                }
            }

            foreach (var enumType in ours.EnumType)
            {
                var fullName = FullName(ours.Package, enumType.Name);
                if (IsDefinedIn(ours.Name, fullName))
                {
                    CompareEnum(fullName, enumType, reference.EnumType.Single(candidate => candidate.Name == enumType.Name));
                }
            }

            foreach (var service in ours.Service)
            {
                var fullName = FullName(ours.Package, service.Name);
                if (IsDefinedIn(ours.Name, fullName))
                {
                    CompareService(fullName, service, reference.Service.Single(candidate => candidate.Name == service.Name));
                }
            }
        }

        private bool IsDefinedIn(string fileName, string fullName)
        {
            if (!comparer.referenceFileByDefinition.TryGetValue(fullName, out var referenceFile))
            {
                Report(fullName, "not defined in the reference");
                return false;
            }

            if (referenceFile != fileName)
            {
                Report(fullName, $"defined in {fileName}, reference defines it in {referenceFile}");
                return false;
            }

            return true;
        }

        private void CompareMessage(string fullName, DescriptorProto ours, DescriptorProto reference)
        {
            messages++;
            Expect(fullName, "map_entry", ours.Options?.MapEntry ?? false, reference.Options?.MapEntry ?? false);

            CompareByName(fullName, ours.Field, reference.Field, field => field.Name, "field", (fieldName, field, referenceField) =>
                CompareField(fieldName, field, ours, referenceField, reference));

            var referenceReserved = reference.ReservedRange.Select(range => (range.Start, range.End)).ToImmutableArray();
            foreach (var range in ours.ReservedRange)
            {
                ExpectReservedNumbers(fullName, range.Start, range.End - 1, referenceReserved, endIsExclusive: true);
            }

            ExpectReservedNames(fullName, ours.ReservedName, reference.ReservedName);

            CompareByName(fullName, ours.NestedType, reference.NestedType, nested => nested.Name, "nested message", CompareMessage);
            CompareByName(fullName, ours.EnumType, reference.EnumType, nested => nested.Name, "nested enum", CompareEnum);
        }

        private void CompareField(
            string fieldName, FieldDescriptorProto ours, DescriptorProto ourMessage,
            FieldDescriptorProto reference, DescriptorProto referenceMessage)
        {
            fields++;
            Expect(fieldName, "number", ours.Number, reference.Number);
            Expect(fieldName, "type", ours.Type, reference.Type);
            Expect(fieldName, "type name", ours.TypeName, reference.TypeName);
            Expect(fieldName, "label", ours.Label, reference.Label);
            Expect(fieldName, "proto3 optional", ours.Proto3Optional, reference.Proto3Optional);
            Expect(fieldName, "oneof", OneofName(ours, ourMessage), OneofName(reference, referenceMessage));
        }

        private static string OneofName(FieldDescriptorProto field, DescriptorProto message) =>
            field.HasOneofIndex ? message.OneofDecl[field.OneofIndex].Name : "(none)";

        private void CompareEnum(string fullName, EnumDescriptorProto ours, EnumDescriptorProto reference)
        {
            enums++;
            var ourValues = ours.Value.ToDictionary(value => value.Name, value => value.Number, StringComparer.Ordinal);
            foreach (var referenceValue in reference.Value)
            {
                if (!ourValues.ContainsKey(referenceValue.Name))
                {
                    Report($"{fullName}.{referenceValue.Name}", "reference value missing here (enums must be complete)");
                }
            }

            CompareByName(fullName, ours.Value, reference.Value, value => value.Name, "value", (valueName, value, referenceValue) =>
            {
                enumValues++;
                Expect(valueName, "number", value.Number, referenceValue.Number);
            });

            var referenceReserved = reference.ReservedRange.Select(range => (range.Start, range.End)).ToImmutableArray();
            foreach (var range in ours.ReservedRange)
            {
                ExpectReservedNumbers(fullName, range.Start, range.End, referenceReserved, endIsExclusive: false);
            }

            ExpectReservedNames(fullName, ours.ReservedName, reference.ReservedName);
        }

        private void CompareService(string fullName, ServiceDescriptorProto ours, ServiceDescriptorProto reference)
        {
            services++;
            CompareByName(fullName, ours.Method, reference.Method, method => method.Name, "method", (methodName, method, referenceMethod) =>
            {
                methods++;
                Expect(methodName, "input", method.InputType, referenceMethod.InputType);
                Expect(methodName, "output", method.OutputType, referenceMethod.OutputType);
                Expect(methodName, "client streaming", method.ClientStreaming, referenceMethod.ClientStreaming);
                Expect(methodName, "server streaming", method.ServerStreaming, referenceMethod.ServerStreaming);
            });
        }

        /// <summary>Pairs each of our items with the reference item of the same name; a missing one is a mismatch.</summary>
        private void CompareByName<T>(
            string scope, IEnumerable<T> ours, IEnumerable<T> reference, Func<T, string> nameOf, string kind,
            Action<string, T, T> compare)
            where T : class
        {
            foreach (var item in ours)
            {
                var name = nameOf(item);
                var counterpart = reference.FirstOrDefault(candidate => nameOf(candidate) == name);
                if (counterpart is null)
                {
                    Report($"{scope}.{name}", $"no such {kind} in the reference");
                    continue;
                }

                compare($"{scope}.{name}", item, counterpart);
            }
        }

        private void ExpectReservedNumbers(
            string fullName, int first, int last, ImmutableArray<(int Start, int End)> referenceRanges, bool endIsExclusive)
        {
            for (var number = first; number <= last; number++)
            {
                var covered = referenceRanges.Any(range =>
                    number >= range.Start && (endIsExclusive ? number < range.End : number <= range.End));
                if (!covered)
                {
                    Report(fullName, $"reserves {number}, the reference does not");
                }
            }
        }

        private void ExpectReservedNames(string fullName, IEnumerable<string> ours, IEnumerable<string> reference)
        {
            foreach (var name in ours.Except(reference, StringComparer.Ordinal))
            {
                Report(fullName, $"reserves the name \"{name}\", the reference does not");
            }
        }

        private void Expect<T>(string where, string what, T ours, T reference)
        {
            if (!EqualityComparer<T>.Default.Equals(ours, reference))
            {
                Report(where, $"{what} is {ours}, reference has {reference}");
            }
        }

        private void Report(string where, string problem) => mismatches.Add($"{where}: {problem}");
    }
}
