using System.Collections.Immutable;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ControlPlane.Policy.Yaml;

internal sealed record YamlProblem(SourcePosition At, string Message);

/// <summary>The documents of one file that parsed completely, plus the problem that stopped parsing, if any.</summary>
internal sealed record ParsedYaml(ImmutableArray<PolicyNode> Documents, YamlProblem? Problem);

/// <summary>Turns YAML text into <see cref="PolicyNode"/> trees, one per non-empty document.</summary>
internal static class YamlDocumentParser
{
    // Policies are shallow; the limit only protects the recursive reader from hostile input.
    private const int MaxDepth = 64;

    public static ParsedYaml Parse(string text)
    {
        var documents = ImmutableArray.CreateBuilder<PolicyNode>();
        YamlProblem? problem = null;
        var parser = new Parser(new StringReader(text));
        try
        {
            parser.Consume<StreamStart>();
            while (parser.TryConsume<DocumentStart>(out _))
            {
                // Anchors are scoped to their document.
                var reader = new TreeReader(parser);
                var root = reader.Read(depth: 0);
                parser.Consume<DocumentEnd>();
                if (root is not ScalarNode { Type: ScalarType.Null })
                {
                    documents.Add(root);
                }
            }

            parser.Consume<StreamEnd>();
        }
        catch (YamlException exception)
        {
            problem = Describe(exception, text);
        }

        return new ParsedYaml(documents.ToImmutable(), problem);
    }

    private static YamlProblem Describe(YamlException exception, string text)
    {
        var line = Math.Max(1, (int)exception.Start.Line);
        var column = Math.Max(1, (int)exception.Start.Column);

        // YamlDotNet reports tab indentation at odd places (often the enclosing mapping); point at the tab instead.
        var lastLine = exception.Message.Contains("tab", StringComparison.OrdinalIgnoreCase) ? int.MaxValue : line + 1;
        if (FindIndentationTab(text, lastLine) is { } tab)
        {
            return new YamlProblem(tab, "invalid YAML: tab character in indentation (YAML allows only spaces)");
        }

        return new YamlProblem(new SourcePosition(line, column), "invalid YAML: " + exception.Message);
    }

    private static SourcePosition? FindIndentationTab(string text, int lastLine)
    {
        var lines = text.Split('\n');
        for (var index = 0; index < Math.Min(lines.Length, lastLine); index++)
        {
            var line = lines[index];
            for (var column = 0; column < line.Length && line[column] is ' ' or '\t'; column++)
            {
                if (line[column] == '\t')
                {
                    return new SourcePosition(index + 1, column + 1);
                }
            }
        }

        return null;
    }

    private sealed class TreeReader(IParser parser)
    {
        private readonly Dictionary<string, PolicyNode> anchors = new(StringComparer.Ordinal);

        public PolicyNode Read(int depth)
        {
            var current = parser.Current ?? throw new InvalidOperationException("The parser ended inside a document.");
            var start = Position(current.Start);
            if (depth > MaxDepth)
            {
                throw new SemanticErrorException(current.Start, current.End, $"nesting deeper than {MaxDepth} levels");
            }

            if (parser.TryConsume<AnchorAlias>(out var alias))
            {
                return anchors.TryGetValue(alias.Value.Value, out var target)
                    ? target
                    : throw new SemanticErrorException(alias.Start, alias.End, $"unknown alias '*{alias.Value.Value}'");
            }

            PolicyNode node = parser.Current switch
            {
                Scalar => ReadScalar(start),
                SequenceStart => ReadList(start, depth),
                MappingStart => ReadMap(start, depth),
                _ => throw new InvalidOperationException($"Unexpected YAML event {current.GetType().Name}."),
            };
            if (current is NodeEvent { Anchor.IsEmpty: false } anchored)
            {
                anchors[anchored.Anchor.Value] = node;
            }

            return node;
        }

        private ScalarNode ReadScalar(SourcePosition start)
        {
            var scalar = parser.Consume<Scalar>();
            var explicitString = !scalar.Tag.IsEmpty && scalar.Tag.Value == "tag:yaml.org,2002:str";
            var type = scalar.Style == ScalarStyle.Plain && !explicitString ? CoreSchema.Resolve(scalar.Value) : ScalarType.String;
            return new ScalarNode(start, scalar.Value, type);
        }

        private ListNode ReadList(SourcePosition start, int depth)
        {
            parser.Consume<SequenceStart>();
            var items = ImmutableArray.CreateBuilder<PolicyNode>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                items.Add(Read(depth + 1));
            }

            return new ListNode(start, items.ToImmutable());
        }

        private MapNode ReadMap(SourcePosition start, int depth)
        {
            parser.Consume<MappingStart>();
            var entries = ImmutableArray.CreateBuilder<MapEntry>();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = Read(depth + 1);
                entries.Add(new MapEntry(key, Read(depth + 1)));
            }

            return new MapNode(start, entries.ToImmutable());
        }

        private static SourcePosition Position(Mark mark) => new((int)mark.Line, (int)mark.Column);
    }
}
