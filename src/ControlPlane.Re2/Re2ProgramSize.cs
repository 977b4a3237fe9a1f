namespace ControlPlane.Re2;

/// <summary>
/// An estimate of RE2's program size (its instruction count), the figure Envoy compares with
/// <c>re2.max_program_size.error_level</c> (100 by default) before it accepts a regex. It follows RE2's compiler
/// over UTF-8: one instruction per byte range, so an ASCII literal or range costs 1 and a range of 2-, 3- or 4-byte
/// characters costs one more than that length per UTF-8 length it spans (<c>.</c> and negated classes 14, so
/// <c>.*</c> 15, the figure Envoy's users observe); a capture costs 2,
/// an assertion 1, a star, plus or quest 1 more than its body, <c>x{n,m}</c> n copies plus m-n optional ones; and 2
/// for RE2's fail and match instructions plus 2 for the unanchored prefix when the pattern does not start with ^.
/// Unicode groups count as their size in RE2 (categories hundreds, scripts tens and more), here 100 and 60.
/// RE2 shares common suffixes and flattens alternations, so the estimate is at or above RE2's figure for the
/// patterns routes use: it may refuse a pattern close to the limit that Envoy would accept, never the reverse
/// by much. It is not compared with RE2's own ProgramSize(): the reference binding of the tests does not expose it.
/// </summary>
internal static class Re2ProgramSize
{
    private const int CategoryCost = 100;
    private const int ScriptCost = 60;

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
        Re2Literal literal => literal.FoldCase && char.IsAsciiLetter((char)Math.Min(literal.CodePoint, 0x7F)) ? 1 : Utf8Length(literal.CodePoint),
        Re2AnyChar any => any.MatchesNewline ? RangesCost([new(0, Re2Limits.MaxCodePoint)]) : RangesCost([new(0, 9), new(11, Re2Limits.MaxCodePoint)]),
        Re2AnyByte => 1,
        Re2Assertion => 1,
        Re2Class @class => ClassCost(@class),
        Re2Concat concat => concat.Items.Sum(Cost),
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
            (0, -1) or (1, -1) or (0, 1) => body + 1,
            (var min, -1) => (min * body) + 1,
            (var min, var max) => (min * body) + ((max - min) * (body + 1)),
        };
    }

    private static long ClassCost(Re2Class @class)
    {
        var ranges = @class.Negated ? RangeSets.Complement(@class.Ranges) : @class.Ranges;
        if (@class.FoldCase)
        {
            // Folding adds the other case of each ASCII letter range.
            ranges = RangeSets.Normalize(ranges.Concat(ranges.Where(r => r.First <= 'z' && r.Last >= 'A').Select(_ => new CodeRange('A', 'Z'))));
        }

        var groups = @class.Groups.Sum(g => g.Name == Re2UnicodeGroups.Any ? RangesCost([new(0, Re2Limits.MaxCodePoint)]) : Re2UnicodeGroups.Scripts.Contains(g.Name) ? ScriptCost : CategoryCost);
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
