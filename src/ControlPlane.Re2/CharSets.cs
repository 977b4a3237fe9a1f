using System.Collections.Frozen;
using System.Collections.Immutable;

namespace ControlPlane.Re2;

/// <summary>RE2's Perl classes (<c>\d \s \w</c>) and POSIX classes (<c>[:alpha:]</c>): ASCII only, as in RE2.</summary>
internal static class CharSets
{
    public static readonly ImmutableArray<CodeRange> Digit = [new('0', '9')];

    // RE2's \s has no \v (Perl's older definition).
    public static readonly ImmutableArray<CodeRange> Space = [new('\t', '\n'), new('\f', '\r'), new(' ', ' ')];

    public static readonly ImmutableArray<CodeRange> Word = [new('0', '9'), new('A', 'Z'), new('_', '_'), new('a', 'z')];

    public static readonly FrozenDictionary<string, ImmutableArray<CodeRange>> Posix = new Dictionary<string, ImmutableArray<CodeRange>>(StringComparer.Ordinal)
    {
        ["alnum"] = [new('0', '9'), new('A', 'Z'), new('a', 'z')],
        ["alpha"] = [new('A', 'Z'), new('a', 'z')],
        ["ascii"] = [new(0, 0x7F)],
        ["blank"] = [new('\t', '\t'), new(' ', ' ')],
        ["cntrl"] = [new(0, 0x1F), new(0x7F, 0x7F)],
        ["digit"] = [new('0', '9')],
        ["graph"] = [new('!', '~')],
        ["lower"] = [new('a', 'z')],
        ["print"] = [new(' ', '~')],
        ["punct"] = [new('!', '/'), new(':', '@'), new('[', '`'), new('{', '~')],
        ["space"] = [new('\t', '\r'), new(' ', ' ')],
        ["upper"] = [new('A', 'Z')],
        ["word"] = [new('0', '9'), new('A', 'Z'), new('_', '_'), new('a', 'z')],
        ["xdigit"] = [new('0', '9'), new('A', 'F'), new('a', 'f')],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static ImmutableArray<CodeRange> Perl(char letter) => char.ToLowerInvariant(letter) switch
    {
        'd' => Digit,
        's' => Space,
        _ => Word,
    };
}
