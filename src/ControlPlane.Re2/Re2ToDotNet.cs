using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace ControlPlane.Re2;

/// <summary>
/// Translates an RE2 pattern into a .NET pattern that matches the same whole strings, for
/// <c>RegexOptions.NonBacktracking | RegexOptions.CultureInvariant</c> (linear time, like RE2). Everything is spelt
/// out rather than left to .NET's own meaning of a construct: \d, \w, \s and POSIX classes as ASCII ranges, . as
/// "not \n", $ as \z, classes over code points (a character outside the BMP is one character, as in RE2's UTF-8,
/// not two UTF-16 units), case folding as explicit alternatives. Greediness is dropped: it cannot change whether a
/// whole string matches. Unicode scripts, \b, \B and \C have no exact .NET equivalent and are refused.
/// </summary>
internal static class Re2ToDotNet
{
    private static readonly CodeRange Surrogates = new(0xD800, 0xDFFF);

    /// <summary>A .NET pattern that matches exactly the strings RE2 matches in full with <paramref name="re2Pattern"/>.</summary>
    /// <exception cref="Re2SyntaxException">Not RE2.</exception>
    /// <exception cref="Re2UnsupportedException">RE2, but with no exact .NET translation.</exception>
    public static string WholeMatch(string re2Pattern)
    {
        var builder = new StringBuilder(@"\A(?:");
        Emit(Re2Parser.Parse(re2Pattern), builder);
        return builder.Append(@")\z").ToString();
    }

    private static void Emit(Re2Node node, StringBuilder output)
    {
        switch (node)
        {
            case Re2Empty:
                output.Append("(?:)");
                break;
            case Re2Literal literal:
                EmitSet(literal.FoldCase ? CaseFolding.Close([new(literal.CodePoint, literal.CodePoint)]) : [new(literal.CodePoint, literal.CodePoint)], output);
                break;
            case Re2AnyChar any:
                EmitSet(any.MatchesNewline ? [new(0, Re2Limits.MaxCodePoint)] : [new(0, '\n' - 1), new('\n' + 1, Re2Limits.MaxCodePoint)], output);
                break;
            case Re2AnyByte:
                throw new Re2UnsupportedException(@"\C (any byte) has no equivalent over characters");
            case Re2Assertion assertion:
                output.Append(assertion.Kind switch
                {
                    Re2AssertionKind.BeginText => @"\A",
                    Re2AssertionKind.EndText => @"\z",
                    Re2AssertionKind.BeginLine => "(?m:^)",
                    Re2AssertionKind.EndLine => "(?m:$)",
                    _ => throw new Re2UnsupportedException(@"\b and \B (RE2's are ASCII-only; .NET's are Unicode) are not supported here"),
                });
                break;
            case Re2Class @class:
                EmitSet(Resolve(@class), output);
                break;
            case Re2Concat concat:
                foreach (var item in concat.Items)
                {
                    Emit(item, output);
                }

                break;
            case Re2Alternate alternate:
                output.Append("(?:");
                for (var i = 0; i < alternate.Alternatives.Length; i++)
                {
                    output.Append(i > 0 ? "|" : "");
                    Emit(alternate.Alternatives[i], output);
                }

                output.Append(')');
                break;
            case Re2Group group:
                output.Append("(?:");
                Emit(group.Body, output);
                output.Append(')');
                break;
            case Re2Repeat repeat:
                output.Append("(?:");
                Emit(repeat.Body, output);
                output.Append(')').Append(repeat.Max switch
                {
                    -1 => string.Create(CultureInfo.InvariantCulture, $"{{{repeat.Min},}}"),
                    _ => string.Create(CultureInfo.InvariantCulture, $"{{{repeat.Min},{repeat.Max}}}"),
                });
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(node), node.GetType().Name, null);
        }
    }

    /// <summary>The code points a class matches: groups resolved, folded, negated (a negated class matches \n, as in RE2).</summary>
    private static ImmutableArray<CodeRange> Resolve(Re2Class @class)
    {
        var ranges = RangeSets.Normalize(@class.Ranges.Concat(@class.Groups.SelectMany(g => GroupRanges(g))));
        if (@class.FoldCase)
        {
            ranges = CaseFolding.Close(ranges);
        }

        return @class.Negated ? RangeSets.Complement(ranges) : ranges;
    }

    private static ImmutableArray<CodeRange> GroupRanges(Re2UnicodeGroup group)
    {
        ImmutableArray<CodeRange> ranges;
        if (group.Name == Re2UnicodeGroups.Any)
        {
            ranges = [new(0, Re2Limits.MaxCodePoint)];
        }
        else if (Re2UnicodeGroups.Categories.TryGetValue(group.Name, out var categories))
        {
            ranges = CategoryRanges(categories);
        }
        else
        {
            throw new Re2UnsupportedException($"the Unicode script \\p{{{group.Name}}} has no .NET equivalent (use a category such as \\p{{L}}, or ranges)");
        }

        return group.Negated ? RangeSets.Complement(ranges) : ranges;
    }

    private static ImmutableArray<CodeRange> CategoryRanges(UnicodeCategory[] categories)
    {
        var ranges = new List<CodeRange>();
        var start = -1;
        for (var codePoint = 0; codePoint <= Re2Limits.MaxCodePoint + 1; codePoint++)
        {
            var member = codePoint <= Re2Limits.MaxCodePoint && categories.Contains(CharUnicodeInfo.GetUnicodeCategory(codePoint));
            if (member && start < 0)
            {
                start = codePoint;
            }
            else if (!member && start >= 0)
            {
                ranges.Add(new CodeRange(start, codePoint - 1));
                start = -1;
            }
        }

        return [.. ranges];
    }

    /// <summary>
    /// A set of code points as .NET sees strings: a class of BMP characters (surrogates excluded, as no UTF-8 text
    /// holds one) and, for characters beyond it, alternatives of surrogate pairs.
    /// </summary>
    private static void EmitSet(ImmutableArray<CodeRange> ranges, StringBuilder output)
    {
        ranges = RangeSets.Without(ranges, Surrogates);
        var bmp = ranges.Where(r => r.First <= 0xFFFF).Select(r => new CodeRange(r.First, Math.Min(r.Last, 0xFFFF))).ToList();
        var alternatives = new List<string>();
        if (bmp.Count > 0)
        {
            alternatives.Add("[" + string.Concat(bmp.Select(r => Range(r.First, r.Last))) + "]");
        }

        foreach (var range in ranges.Where(r => r.Last > 0xFFFF))
        {
            alternatives.AddRange(Astral(new CodeRange(Math.Max(range.First, 0x10000), range.Last)));
        }

        // An empty set (a class of everything, negated): nothing matches it.
        output.Append("(?:").AppendJoin('|', alternatives.Count > 0 ? alternatives : [@"[^\u0000-\uFFFF]"]).Append(')');
    }

    /// <summary>Code points U+10000 and up, as high-surrogate then low-surrogate ranges.</summary>
    private static IEnumerable<string> Astral(CodeRange range)
    {
        var (firstHigh, firstLow) = Split(range.First);
        var (lastHigh, lastLow) = Split(range.Last);
        if (firstHigh == lastHigh)
        {
            yield return Pair(firstHigh, firstHigh, firstLow, lastLow);
            yield break;
        }

        yield return Pair(firstHigh, firstHigh, firstLow, 0xDFFF);
        if (lastHigh - firstHigh > 1)
        {
            yield return Pair(firstHigh + 1, lastHigh - 1, 0xDC00, 0xDFFF);
        }

        yield return Pair(lastHigh, lastHigh, 0xDC00, lastLow);
    }

    private static (int High, int Low) Split(int codePoint)
    {
        var text = char.ConvertFromUtf32(codePoint);
        return (text[0], text[1]);
    }

    private static string Pair(int highFirst, int highLast, int lowFirst, int lowLast) =>
        $"[{Range(highFirst, highLast)}][{Range(lowFirst, lowLast)}]";

    private static string Range(int first, int last) => last > first ? $"{Char(first)}-{Char(last)}" : Char(first);

    private static string Char(int c) =>
        c < 0x80 && char.IsAsciiLetterOrDigit((char)c) ? ((char)c).ToString() : string.Create(CultureInfo.InvariantCulture, $"\\u{c:X4}");
}
