using System.Collections.Immutable;

namespace ControlPlane.Re2;

/// <summary>
/// A parsed RE2 expression with its flags already applied (case folding on literals and classes, (?s) on dots,
/// (?m) on anchors), so consumers never track flag scopes.
/// </summary>
internal abstract record Re2Node
{
    /// <summary>
    /// Product of the counts of nested {n,m} repetitions (RE2 refuses above 1000), capped just above that limit so
    /// it cannot overflow. A count of 0 counts as 1, as in RE2.
    /// </summary>
    public abstract int RepeatProduct { get; }
}

internal sealed record Re2Empty : Re2Node
{
    public override int RepeatProduct => 1;
}

/// <param name="CodePoint">A Unicode scalar value.</param>
internal sealed record Re2Literal(int CodePoint, bool FoldCase) : Re2Node
{
    public override int RepeatProduct => 1;
}

/// <summary><c>.</c>: any character, and a newline only under (?s).</summary>
internal sealed record Re2AnyChar(bool MatchesNewline) : Re2Node
{
    public override int RepeatProduct => 1;
}

/// <summary><c>\C</c>: any single byte of the UTF-8 text.</summary>
internal sealed record Re2AnyByte : Re2Node
{
    public override int RepeatProduct => 1;
}

internal enum Re2AssertionKind
{
    BeginText,
    EndText,
    BeginLine,
    EndLine,
    WordBoundary,
    NotWordBoundary,
}

internal sealed record Re2Assertion(Re2AssertionKind Kind) : Re2Node
{
    public override int RepeatProduct => 1;
}

/// <summary>A Unicode general category or script, <c>\pL</c> or <c>\p{Greek}</c>; <paramref name="Negated"/> for <c>\P</c> or <c>^</c>.</summary>
internal sealed record Re2UnicodeGroup(string Name, bool Negated);

/// <summary>A character class: code point ranges plus Unicode groups, negated as a whole when <paramref name="Negated"/>.</summary>
internal sealed record Re2Class(ImmutableArray<CodeRange> Ranges, ImmutableArray<Re2UnicodeGroup> Groups, bool Negated, bool FoldCase) : Re2Node
{
    public override int RepeatProduct => 1;
}

internal sealed record Re2Concat(ImmutableArray<Re2Node> Items) : Re2Node
{
    public override int RepeatProduct { get; } = Items.IsEmpty ? 1 : Items.Max(i => i.RepeatProduct);
}

internal sealed record Re2Alternate(ImmutableArray<Re2Node> Alternatives) : Re2Node
{
    public override int RepeatProduct { get; } = Alternatives.Max(a => a.RepeatProduct);
}

internal sealed record Re2Group(Re2Node Body, bool Capturing) : Re2Node
{
    public override int RepeatProduct => Body.RepeatProduct;
}

/// <param name="Max">-1 for no upper bound.</param>
/// <param name="Counted">Written with braces, <c>{n,m}</c>: only those count towards RE2's nested limit.</param>
internal sealed record Re2Repeat(Re2Node Body, int Min, int Max, bool Greedy, bool Counted) : Re2Node
{
    public override int RepeatProduct { get; } = Counted
        ? (int)Math.Min(Re2Limits.MaxRepeat + 1L, (long)Math.Max(1, Max < 0 ? Min : Max) * Body.RepeatProduct)
        : Body.RepeatProduct;
}

/// <summary>An inclusive range of code points.</summary>
internal readonly record struct CodeRange(int First, int Last);
