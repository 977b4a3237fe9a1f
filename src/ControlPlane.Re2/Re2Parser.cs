using System.Collections.Immutable;
using System.Globalization;

namespace ControlPlane.Re2;

/// <summary>
/// A parser of RE2's syntax as Envoy configures it (RE2's defaults: Perl classes, \b, non-greedy operators, (?flags),
/// Unicode groups; ^ and $ at the text's ends unless (?m); negated classes match a newline). It accepts exactly what
/// RE2 accepts and says why not otherwise, with RE2's wording and the offset. Recursive, with nesting bounded by
/// <see cref="Re2Limits.MaxNesting"/>.
/// </summary>
internal sealed class Re2Parser
{
    private readonly string pattern;
    private int position;
    private int depth;

    private Re2Parser(string pattern) => this.pattern = pattern;

    /// <exception cref="Re2SyntaxException">The pattern is not RE2.</exception>
    public static Re2Node Parse(string pattern)
    {
        var parser = new Re2Parser(pattern);
        var flags = default(Flags);
        var node = parser.ParseAlternation(ref flags, inGroup: false);
        return node;
    }

    private bool AtEnd => position >= pattern.Length;

    private char Current => pattern[position];

    private Re2Node ParseAlternation(ref Flags flags, bool inGroup)
    {
        var alternatives = new List<Re2Node>();
        var items = new List<Re2Node>();
        while (true)
        {
            if (AtEnd)
            {
                if (inGroup)
                {
                    throw Error(pattern.Length, "missing )");
                }

                break;
            }

            if (Current == '|')
            {
                alternatives.Add(Concat(items));
                items = [];
                position++;
                continue;
            }

            if (Current == ')')
            {
                if (!inGroup)
                {
                    throw Error(position, "unexpected )");
                }

                break;
            }

            ParseItem(items, ref flags);
        }

        alternatives.Add(Concat(items));
        return alternatives.Count == 1 ? alternatives[0] : new Re2Alternate([.. alternatives]);
    }

    private static Re2Node Concat(List<Re2Node> items) => items.Count switch
    {
        0 => new Re2Empty(),
        1 => items[0],
        _ => new Re2Concat([.. items]),
    };

    private void ParseItem(List<Re2Node> items, ref Flags flags)
    {
        var start = position;
        if (TryReadRepetition(out _, out _, out _))
        {
            throw Error(start, $"missing argument to repetition operator: {Fragment(start, position)}");
        }

        if (ParseAtom(items, ref flags) is not { } atom)
        {
            // A flag group, (?i), matches nothing: a repetition right after it has no argument.
            var operatorStart = position;
            if (TryReadRepetition(out _, out _, out _))
            {
                throw Error(operatorStart, $"missing argument to repetition operator: {Fragment(operatorStart, position)}");
            }

            return;
        }

        var opStart = position;
        if (TryReadRepetition(out var min, out var max, out var counted))
        {
            var lazy = !AtEnd && Current == '?';
            if (lazy)
            {
                position++;
            }

            if (TryReadRepetition(out _, out _, out _))
            {
                if (!AtEnd && Current == '?')
                {
                    position++;
                }

                throw Error(opStart, $"bad repetition operator: {Fragment(opStart, position)}");
            }

            if (counted && (min > Re2Limits.MaxRepeat || max > Re2Limits.MaxRepeat || (max >= 0 && min > max)))
            {
                throw Error(opStart, $"invalid repetition size: {Fragment(opStart, position)}");
            }

            atom = new Re2Repeat(atom, min, max, Greedy: lazy == flags.Ungreedy, counted);
            if (atom.RepeatProduct > Re2Limits.MaxRepeat)
            {
                throw Error(opStart, $"invalid repetition size: {Fragment(opStart, position)} (nested counts multiply to more than {Re2Limits.MaxRepeat})");
            }
        }

        items.Add(atom);
    }

    /// <summary>*, +, ? or a well-formed {n}, {n,}, {n,m}; anything else (a{, a{,5}, a{x}) leaves the position alone.</summary>
    private bool TryReadRepetition(out int min, out int max, out bool counted)
    {
        (min, max, counted) = (0, 0, false);
        if (AtEnd)
        {
            return false;
        }

        switch (Current)
        {
            case '*':
                (min, max) = (0, -1);
                position++;
                return true;
            case '+':
                (min, max) = (1, -1);
                position++;
                return true;
            case '?':
                (min, max) = (0, 1);
                position++;
                return true;
            case '{':
                var at = position + 1;
                if (!TryReadInteger(ref at, out min))
                {
                    return false;
                }

                max = min;
                if (at < pattern.Length && pattern[at] == ',')
                {
                    at++;
                    max = -1;
                    if (at < pattern.Length && pattern[at] != '}' && !TryReadInteger(ref at, out max))
                    {
                        return false;
                    }
                }

                if (at >= pattern.Length || pattern[at] != '}')
                {
                    return false;
                }

                position = at + 1;
                counted = true;
                return true;
            default:
                return false;
        }
    }

    /// <summary>RE2's ParseInteger: no leading zeros, and a number that reaches 10^8 before its last digit is no number.</summary>
    private bool TryReadInteger(ref int at, out int value)
    {
        value = 0;
        if (at >= pattern.Length || !char.IsAsciiDigit(pattern[at]))
        {
            return false;
        }

        if (pattern[at] == '0' && at + 1 < pattern.Length && char.IsAsciiDigit(pattern[at + 1]))
        {
            return false;
        }

        while (at < pattern.Length && char.IsAsciiDigit(pattern[at]))
        {
            if (value >= 100_000_000)
            {
                return false;
            }

            value = (value * 10) + (pattern[at] - '0');
            at++;
        }

        return true;
    }

    /// <returns>The atom, or null for a flag group that changed <paramref name="flags"/>. \Q…\E adds all but its last literal to <paramref name="items"/>.</returns>
    private Re2Node? ParseAtom(List<Re2Node> items, ref Flags flags)
    {
        var start = position;
        var c = Current;
        switch (c)
        {
            case '(':
                return ParseGroup(ref flags);
            case '[':
                return ParseClass(flags);
            case '.':
                position++;
                return new Re2AnyChar(flags.DotMatchesNewline);
            case '^':
                position++;
                return new Re2Assertion(flags.MultiLine ? Re2AssertionKind.BeginLine : Re2AssertionKind.BeginText);
            case '$':
                position++;
                return new Re2Assertion(flags.MultiLine ? Re2AssertionKind.EndLine : Re2AssertionKind.EndText);
            case '\\':
                return ParseEscapeAtom(items, flags, start);
            default:
                return new Re2Literal(ReadCodePoint(), flags.FoldCase);
        }
    }

    private Re2Node? ParseEscapeAtom(List<Re2Node> items, Flags flags, int start)
    {
        if (position + 1 >= pattern.Length)
        {
            throw Error(start, "trailing \\");
        }

        var letter = pattern[position + 1];
        switch (letter)
        {
            case 'A':
                position += 2;
                return new Re2Assertion(Re2AssertionKind.BeginText);
            case 'z':
                position += 2;
                return new Re2Assertion(Re2AssertionKind.EndText);
            case 'b':
                position += 2;
                return new Re2Assertion(Re2AssertionKind.WordBoundary);
            case 'B':
                position += 2;
                return new Re2Assertion(Re2AssertionKind.NotWordBoundary);
            case 'C':
                position += 2;
                return new Re2AnyByte();
            case 'd' or 'D' or 's' or 'S' or 'w' or 'W':
                position += 2;
                return new Re2Class(CharSets.Perl(letter), [], Negated: char.IsAsciiLetterUpper(letter), flags.FoldCase);
            case 'p' or 'P':
                return new Re2Class([], [ReadUnicodeGroup()], Negated: false, flags.FoldCase);
            case 'Q':
                return ParseQuoted(items, flags);
            default:
                return new Re2Literal(ReadEscapedCodePoint(), flags.FoldCase);
        }
    }

    /// <summary>\Q…\E: everything up to \E (or the end) is literal; a repetition after it applies to the last character.</summary>
    private Re2Node? ParseQuoted(List<Re2Node> items, Flags flags)
    {
        position += 2;
        var literals = new List<Re2Node>();
        while (!AtEnd)
        {
            if (Current == '\\' && position + 1 < pattern.Length && pattern[position + 1] == 'E')
            {
                position += 2;
                break;
            }

            literals.Add(new Re2Literal(ReadCodePoint(), flags.FoldCase));
        }

        if (literals.Count == 0)
        {
            return null;
        }

        items.AddRange(literals.Take(literals.Count - 1));
        return literals[^1];
    }

    private Re2Node? ParseGroup(ref Flags flags)
    {
        var start = position;
        position++;
        var capturing = true;
        var inner = flags;
        if (!AtEnd && Current == '?')
        {
            position++;
            if (!ParseGroupPrefix(start, ref inner, out capturing))
            {
                // (?flags): they hold until the enclosing group ends, alternatives included.
                flags = inner;
                return null;
            }
        }

        if (++depth > Re2Limits.MaxNesting)
        {
            throw Error(start, $"groups nested deeper than {Re2Limits.MaxNesting}");
        }

        var body = ParseAlternation(ref inner, inGroup: true);
        position++; // ')'
        depth--;
        return new Re2Group(body, capturing);
    }

    /// <returns>true when a group body follows (position after ':' or '>'); false for a bare flag group (position after ')').</returns>
    private bool ParseGroupPrefix(int start, ref Flags flags, out bool capturing)
    {
        capturing = false;
        if (pattern.AsSpan(position).StartsWith("P<") || (pattern.AsSpan(position).StartsWith("<") && !pattern.AsSpan(position).StartsWith("<=") && !pattern.AsSpan(position).StartsWith("<!")))
        {
            // (?P<name>…), and (?<name>…) which RE2 accepts since 2023 (Envoy's does; older RE2 builds do not).
            position += Current == 'P' ? 2 : 1;
            var close = pattern.IndexOf('>', position);
            if (close < 0)
            {
                throw Error(start, $"invalid named capture group: {Fragment(start, pattern.Length)}");
            }

            var name = pattern.AsSpan(position, close - position);
            if (name.IsEmpty || name.ContainsAnyExcept(NameCharacters))
            {
                throw Error(start, $"invalid named capture group: {Fragment(start, close + 1)}");
            }

            position = close + 1;
            capturing = true;
            return true;
        }

        var negated = false;
        var sawAfterNegation = false;
        while (!AtEnd)
        {
            var c = Current;
            position++;
            switch (c)
            {
                case 'i':
                    flags = flags with { FoldCase = !negated };
                    break;
                case 'm':
                    flags = flags with { MultiLine = !negated };
                    break;
                case 's':
                    flags = flags with { DotMatchesNewline = !negated };
                    break;
                case 'U':
                    flags = flags with { Ungreedy = !negated };
                    break;
                case '-' when !negated:
                    negated = true;
                    continue;
                case ':' or ')' when negated && !sawAfterNegation:
                    throw Error(start, $"invalid or unsupported Perl syntax: {Fragment(start, position)}");
                case ':':
                    return true;
                case ')':
                    return false;
                default:
                    throw Error(start, $"invalid or unsupported Perl syntax: {Fragment(start, position)}{Unsupported(c)}");
            }

            sawAfterNegation |= negated;
        }

        throw Error(start, $"invalid or unsupported Perl syntax: {Fragment(start, position)}");
    }

    private static string Unsupported(char c) => c switch
    {
        '=' or '!' => " (lookahead is not supported by RE2)",
        '<' => " (lookbehind is not supported by RE2)",
        '>' => " (atomic groups are not supported by RE2)",
        '#' => " (comments are not supported by RE2)",
        'P' => " (only (?P<name>…) is supported)",
        '(' => " (conditionals are not supported by RE2)",
        'x' or 'n' => $" (the flag '{c}' is not supported by RE2; it knows i, m, s and U)",
        _ => "",
    };

    private static string UnsupportedEscape(char c) => c switch
    {
        'k' or '8' or '9' => " (backreferences are not supported by RE2)",
        'Z' => @" (RE2 has \z: end of text)",
        'G' or 'K' or 'R' or 'X' or 'h' or 'N' or 'e' or 'c' or 'o' or 'u' or 'U' => " (not supported by RE2)",
        _ => "",
    };

    private static readonly System.Buffers.SearchValues<char> NameCharacters =
        System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz");

    private Re2Class ParseClass(Flags flags)
    {
        var start = position;
        position++;
        var negated = !AtEnd && Current == '^';
        if (negated)
        {
            position++;
        }

        var ranges = new List<CodeRange>();
        var groups = new List<Re2UnicodeGroup>();
        var first = true;
        while (true)
        {
            if (AtEnd)
            {
                throw Error(start, $"missing ]: {Fragment(start, pattern.Length)}");
            }

            var c = Current;
            if (c == ']' && !first)
            {
                position++;
                break;
            }

            first = false;
            if (c == '[' && position + 1 < pattern.Length && pattern[position + 1] == ':' && TryReadPosixClass(ranges))
            {
                continue;
            }

            if (c == '\\' && position + 1 < pattern.Length)
            {
                var letter = pattern[position + 1];
                if (letter is 'd' or 'D' or 's' or 'S' or 'w' or 'W')
                {
                    position += 2;
                    var set = CharSets.Perl(letter);
                    ranges.AddRange(char.IsAsciiLetterUpper(letter) ? RangeSets.Complement(set) : set);
                    continue;
                }

                if (letter is 'p' or 'P')
                {
                    groups.Add(ReadUnicodeGroup());
                    continue;
                }
            }

            var rangeStart = position;
            var low = ReadClassCodePoint();
            var high = low;
            if (!AtEnd && Current == '-' && position + 1 < pattern.Length && pattern[position + 1] != ']')
            {
                position++;
                high = ReadClassCodePoint();
                if (high < low)
                {
                    throw Error(rangeStart, $"invalid character class range: {Fragment(rangeStart, position)}");
                }
            }

            ranges.Add(new CodeRange(low, high));
        }

        return new Re2Class(RangeSets.Normalize(ranges), [.. groups], negated, flags.FoldCase);
    }

    /// <summary>[:alpha:] and [:^alpha:] inside a class; false (nothing read) when no ":]" closes it.</summary>
    private bool TryReadPosixClass(List<CodeRange> ranges)
    {
        var close = pattern.IndexOf(":]", position + 2, StringComparison.Ordinal);
        if (close < 0)
        {
            return false;
        }

        var name = pattern[(position + 2)..close];
        var negated = name.StartsWith('^');
        if (!CharSets.Posix.TryGetValue(negated ? name[1..] : name, out var set))
        {
            throw Error(position, $"invalid character class range: {Fragment(position, close + 2)}");
        }

        ranges.AddRange(negated ? RangeSets.Complement(set) : set);
        position = close + 2;
        return true;
    }

    private int ReadClassCodePoint() => Current == '\\' ? ReadEscapedCodePoint() : ReadCodePoint();

    /// <summary>\pL, \p{Greek}, \p{^Greek}, \PL, \P{^L}.</summary>
    private Re2UnicodeGroup ReadUnicodeGroup()
    {
        var start = position;
        var negated = pattern[position + 1] == 'P';
        position += 2;
        if (AtEnd)
        {
            throw Error(start, $"invalid character class range: {Fragment(start, position)}");
        }

        string name;
        if (Current == '{')
        {
            var close = pattern.IndexOf('}', position);
            if (close < 0)
            {
                throw Error(start, $"invalid character class range: {Fragment(start, pattern.Length)}");
            }

            name = pattern[(position + 1)..close];
            position = close + 1;
            if (name.StartsWith('^'))
            {
                negated = !negated;
                name = name[1..];
            }
        }
        else
        {
            name = char.ConvertFromUtf32(ReadCodePoint());
        }

        return Re2UnicodeGroups.IsKnown(name)
            ? new Re2UnicodeGroup(name, negated)
            : throw Error(start, $"invalid character class range: {Fragment(start, position)}");
    }

    /// <summary>An escape that stands for one character: octal, hex, C escapes, escaped punctuation.</summary>
    private int ReadEscapedCodePoint()
    {
        var start = position;
        if (position + 1 >= pattern.Length)
        {
            throw Error(start, "trailing \\");
        }

        position++;
        var c = Current;
        position++;
        switch (c)
        {
            case >= '1' and <= '7':
                // A lone non-zero digit would be a backreference, which RE2 does not have.
                if (AtEnd || Current is < '0' or > '7')
                {
                    throw Error(start, $"invalid escape sequence: {Fragment(start, position)} (backreferences are not supported by RE2)");
                }

                return ReadOctal(c - '0', more: 2);
            case '0':
                return ReadOctal(0, more: 2);
            case 'x':
                return ReadHex(start);
            case 'a':
                return '\a';
            case 'f':
                return '\f';
            case 't':
                return '\t';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 'v':
                return '\v';
            case < (char)0x80 when !char.IsAsciiLetterOrDigit(c):
                return c;
            default:
                position = Math.Min(pattern.Length, start + 1 + (char.IsHighSurrogate(c) ? 2 : 1));
                throw Error(start, $"invalid escape sequence: {Fragment(start, position)}{UnsupportedEscape(c)}");
        }
    }

    private int ReadOctal(int value, int more)
    {
        for (; more > 0 && !AtEnd && Current is >= '0' and <= '7'; more--)
        {
            value = (value * 8) + (Current - '0');
            position++;
        }

        return value;
    }

    private int ReadHex(int start)
    {
        if (!AtEnd && Current == '{')
        {
            position++;
            var value = 0;
            var digits = 0;
            while (!AtEnd && char.IsAsciiHexDigit(Current))
            {
                value = (value * 16) + HexValue(Current);
                position++;
                if (++digits > 8 || value > Re2Limits.MaxCodePoint)
                {
                    throw Error(start, $"invalid escape sequence: {Fragment(start, position)}");
                }
            }

            if (digits == 0 || AtEnd || Current != '}')
            {
                throw Error(start, $"invalid escape sequence: {Fragment(start, Math.Min(pattern.Length, position + 1))}");
            }

            position++;
            return value;
        }

        if (position + 1 < pattern.Length && char.IsAsciiHexDigit(pattern[position]) && char.IsAsciiHexDigit(pattern[position + 1]))
        {
            position += 2;
            return (HexValue(pattern[position - 2]) * 16) + HexValue(pattern[position - 1]);
        }

        throw Error(start, $"invalid escape sequence: {Fragment(start, Math.Min(pattern.Length, position + 1))}");
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (char.ToLowerInvariant(c) - 'a') + 10;

    /// <summary>One code point of the pattern; a lone surrogate cannot be UTF-8, which RE2 reads.</summary>
    private int ReadCodePoint()
    {
        var c = Current;
        if (char.IsHighSurrogate(c) && position + 1 < pattern.Length && char.IsLowSurrogate(pattern[position + 1]))
        {
            position += 2;
            return char.ConvertToUtf32(c, pattern[position - 1]);
        }

        if (char.IsSurrogate(c))
        {
            throw Error(position, "invalid UTF-8 (a lone surrogate)");
        }

        position++;
        return c;
    }

    /// <summary>The offending part of the pattern, cut to a bounded prefix.</summary>
    private string Fragment(int start, int end)
    {
        const int MaxChars = 64;
        var length = Math.Max(0, Math.Min(end, pattern.Length) - start);
        return length <= MaxChars ? pattern.Substring(start, length) : string.Concat(pattern.AsSpan(start, MaxChars), "…");
    }

    private static Re2SyntaxException Error(int offset, string reason) => new(offset, reason);

    private readonly record struct Flags(bool FoldCase, bool MultiLine, bool DotMatchesNewline, bool Ungreedy);
}
