using System.Collections.Immutable;

namespace ControlPlane.Re2;

/// <summary>
/// An estimate of RE2's program size (its instruction count), the figure Envoy compares with
/// <c>re2.max_program_size.error_level</c> (100 by default) before it accepts a regex. It follows RE2's compiler
/// over UTF-8, one instruction per byte range: an ASCII literal or range costs 1, a range of 2-, 3- or 4-byte
/// characters one more than that length per UTF-8 length it spans (<c>.</c> and negated classes 14); case folding
/// counts every case a character folds to; a capture 2, an assertion 1, a star, plus or quest 1 more than its body
/// (4 when the body can match empty), <c>x{n,m}</c> n copies plus m-n optional ones, an alternation one
/// per extra branch (one class when every branch is a single character); neighbouring unbounded repeats of the
/// same thing as one (RE2 coalesces them); Unicode groups what RE2 measured for them (<see cref="Re2GroupProgramSizes"/>); plus 2 for
/// RE2's fail and match instructions and 2 for the unanchored prefix when the pattern does not start with ^.
/// RE2 shares common suffixes, merges alternations of characters into classes and absorbs a trailing $, so the
/// estimate is at or above RE2's own ProgramSize() — a test compares the two on the regex corpus — and a pattern
/// near the limit may be refused that Envoy would take, never the reverse.
/// </summary>
internal static class Re2ProgramSize
{
    public static long Estimate(Re2Node root)
    {
        var anchored = FirstIsBeginText(root);
        return 2 + (anchored ? 0 : 2) + Cost(root);
    }

    private static bool FirstIsBeginText(Re2Node node) => node switch
    {
        Re2Assertion { Kind: Re2AssertionKind.BeginText } => true,
        Re2Concat concat => concat.Items.Length > 0 && FirstIsBeginText(concat.Items[0]),
        Re2Group { Capturing: false } group => FirstIsBeginText(group.Body),
        _ => false,
    };

    private static long Cost(Re2Node node) => node switch
    {
        Re2Empty => 0,
        Re2Literal { FoldCase: true } literal => RangesCost(CaseFolding.Close([new(literal.CodePoint, literal.CodePoint)])),
        Re2Literal literal => Utf8Length(literal.CodePoint),
        Re2AnyChar any => any.MatchesNewline ? RangesCost([new(0, Re2Limits.MaxCodePoint)]) : RangesCost([new(0, 9), new(11, Re2Limits.MaxCodePoint)]),
        Re2AnyByte => 1,
        Re2Assertion => 1,
        Re2Class @class => ClassCost(@class),
        Re2Concat concat => Coalesced(concat.Items).Sum(Cost),
        Re2Alternate alternate when SingleCharacters(alternate) is { } union => RangesCost(union),
        Re2Alternate alternate => alternate.Alternatives.Sum(Cost) + alternate.Alternatives.Length - 1,
        Re2Group group => Cost(group.Body) + (group.Capturing ? 2 : 0),
        Re2Repeat repeat => RepeatCost(repeat),
        _ => throw new ArgumentOutOfRangeException(nameof(node), node.GetType().Name, null),
    };

    private static long RepeatCost(Re2Repeat repeat)
    {
        var body = Cost(repeat.Body);
        return (repeat.Min, repeat.Max) switch
        {
            (_, 0) => 0,
            // Repeating what can match empty takes RE2 extra instructions to stop the loop.
            (0, -1) or (1, -1) or (0, 1) => body + (CanBeEmpty(repeat.Body) ? 4 : 1),
            (var min, -1) => (min * body) + 1,
            (var min, var max) => (min * body) + ((max - min) * (body + 1)),
        };
    }

    /// <summary>RE2 merges neighbouring unbounded repeats of the same thing: <c>.*.*</c> compiles as <c>.*</c>.</summary>
    private static IEnumerable<Re2Node> Coalesced(IEnumerable<Re2Node> items)
    {
        Re2Node? previous = null;
        foreach (var item in items)
        {
            if (previous is Re2Repeat { Max: -1 } left && item is Re2Repeat { Max: -1 } right && left.Body == right.Body)
            {
                previous = left with { Min = Math.Max(left.Min, right.Min) };
                continue;
            }

            if (previous is not null)
            {
                yield return previous;
            }

            previous = item;
        }

        if (previous is not null)
        {
            yield return previous;
        }
    }

    /// <summary>RE2 turns an alternation of single characters (a|b|c) into one class.</summary>
    private static ImmutableArray<CodeRange>? SingleCharacters(Re2Alternate alternate)
    {
        var ranges = new List<CodeRange>();
        foreach (var alternative in alternate.Alternatives)
        {
            switch (alternative)
            {
                case Re2Literal { FoldCase: false } literal:
                    ranges.Add(new CodeRange(literal.CodePoint, literal.CodePoint));
                    break;
                case Re2Class { FoldCase: false, Negated: false, Groups.IsEmpty: true } @class:
                    ranges.AddRange(@class.Ranges);
                    break;
                default:
                    return null;
            }
        }

        return RangeSets.Normalize(ranges);
    }

    private static bool CanBeEmpty(Re2Node node) => node switch
    {
        Re2Empty or Re2Assertion => true,
        Re2Concat concat => concat.Items.All(CanBeEmpty),
        Re2Alternate alternate => alternate.Alternatives.Any(CanBeEmpty),
        Re2Group group => CanBeEmpty(group.Body),
        Re2Repeat repeat => repeat.Min == 0 || CanBeEmpty(repeat.Body),
        _ => false,
    };

    private static long ClassCost(Re2Class @class)
    {
        var ranges = @class.Negated ? RangeSets.Complement(@class.Ranges) : @class.Ranges;
        if (@class.FoldCase)
        {
            // Folding adds the other cases, some of them outside ASCII (k: the Kelvin sign; s: the long s).
            ranges = CaseFolding.Close(ranges);
        }

        // A negated class negates its groups too: count each as negated then.
        var groups = @class.Groups.Sum(g => Re2GroupProgramSizes.Of(@class.Negated ? g with { Negated = !g.Negated } : g));
        return Math.Max(1, RangesCost(ranges) + groups);
    }

    /// <summary>Per piece a range splits into at the UTF-8 length boundaries: its byte count, plus one for a multi-byte lead.</summary>
    private static long RangesCost(IEnumerable<CodeRange> ranges)
    {
        long cost = 0;
        foreach (var range in ranges)
        {
            foreach (var (first, last, instructions) in new[] { (0, 0x7F, 1), (0x80, 0x7FF, 3), (0x800, 0xFFFF, 4), (0x10000, Re2Limits.MaxCodePoint, 5) })
            {
                if (range.First <= last && range.Last >= first)
                {
                    cost += instructions;
                }
            }
        }

        return cost;
    }

    private static int Utf8Length(int codePoint) => codePoint switch
    {
        < 0x80 => 1,
        < 0x800 => 2,
        < 0x10000 => 3,
        _ => 4,
    };
}
