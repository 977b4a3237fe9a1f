using System.Collections.Immutable;
using YamlDotNet.Core;
using ControlPlane.Policy.Diagnostics;
using YamlDotNet.Core.Events;

namespace ControlPlane.Policy.Yaml;

internal sealed record YamlProblem(SourcePosition At, string Message);

/// <summary>The documents of one file that parsed completely, plus the problem that stopped parsing, if any.</summary>
internal sealed record ParsedYaml(ImmutableArray<PolicyNode> Documents, YamlProblem? Problem);

/// <summary>Turns YAML text into <see cref="PolicyNode"/> trees, one per non-empty document.</summary>
internal static class YamlDocumentParser
{
    // Policies are shallow; the limit protects the recursive reader from hostile input.
    private const int MaxDepth = PolicyLimits.MaxNestingDepth;

    public static ParsedYaml Parse(string text)
    {
        var documents = ImmutableArray.CreateBuilder<PolicyNode>();
        YamlProblem? problem = null;
        var scanner = new Scanner(new StringReader(text));
        var parser = new Parser(scanner);
        var budget = new NodeBudget();
        try
        {
            parser.Consume<StreamStart>();
            while (parser.TryConsume<DocumentStart>(out _))
            {
                // Anchors are scoped to their document; the node budget is the file's.
                var reader = new TreeReader(parser, budget);
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
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet's scanner throws these on some malformed input (an unclosed flow list followed by more
            // lines, for one) instead of a YamlException: the scanner's position is the best place we know.
            // Their messages ("Operation is not valid due to the current state of the object") say nothing useful.
            problem = new YamlProblem(Position(scanner.CurrentPosition), "invalid YAML: cannot read on from here (check for an unclosed '[', '{' or quote before this point)");
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

        return new YamlProblem(new SourcePosition(line, column), "invalid YAML: " + Quoted.Message(exception.Message));
    }

    private static SourcePosition Position(Mark mark) => new(Math.Max(1, (int)mark.Line), Math.Max(1, (int)mark.Column));

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

    /// <summary>Nodes read so far in one file, aliases counted as every node they repeat.</summary>
    private sealed class NodeBudget
    {
        public long Used { get; private set; }

        public void Spend(long nodes, Mark at)
        {
            Used += nodes;
            if (Used > PolicyLimits.MaxNodesPerFile)
            {
                throw new SemanticErrorException(at, at, string.Create(
                    System.Globalization.CultureInfo.InvariantCulture,
                    $"more than {PolicyLimits.MaxNodesPerFile} YAML nodes in this file (aliases count every node they repeat)"));
            }
        }
    }

    private sealed class TreeReader(IParser parser, NodeBudget budget)
    {
        private readonly Dictionary<string, (PolicyNode Node, long Size)> anchors = new(StringComparer.Ordinal);

        public PolicyNode Read(int depth)
        {
            var current = parser.Current ?? throw new InvalidOperationException("The parser ended inside a document.");
            var start = Position(current.Start);
            if (depth > MaxDepth)
            {
                throw new SemanticErrorException(current.Start, current.End, $"nesting deeper than {MaxDepth} levels (mappings and lists inside each other)");
            }

            if (parser.TryConsume<AnchorAlias>(out var alias))
            {
                if (!anchors.TryGetValue(alias.Value.Value, out var target))
                {
                    throw new SemanticErrorException(alias.Start, alias.End, $"unknown alias '*{Quoted.Prefix(alias.Value.Value)}'");
                }

                // The readers walk an alias's target again wherever it is used: that is the cost to bound.
                budget.Spend(target.Size, alias.Start);
                return target.Node;
            }

            var before = budget.Used;
            budget.Spend(1, current.Start);
            PolicyNode node = parser.Current switch
            {
                Scalar => ReadScalar(start),
                SequenceStart => ReadList(start, depth),
                MappingStart => ReadMap(start, depth),
                _ => throw new InvalidOperationException($"Unexpected YAML event {current.GetType().Name}."),
            };
            if (current is NodeEvent { Anchor.IsEmpty: false } anchored)
            {
                anchors[anchored.Anchor.Value] = (node, budget.Used - before);
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
    }
}
