using System.Text;

namespace ControlPlane.Policy.Tests.Fuzz;

/// <summary>Seeded, reproducible mutations of valid policy text: what a bad edit, a bad merge or a bad disk makes of it.</summary>
internal sealed class Mutator(int seed)
{
    // Characters that mean something to YAML, plus some that break decoders and scanners.
    private const string Significant = "[]{},:-?&*!|>'\"%@`#\t\n \0\u00e9\ud800\ufeff\\";

    private readonly Random random = new(seed);

    public string Mutate(string text, int rounds)
    {
        var builder = new StringBuilder(text);
        for (var round = 0; round < rounds && builder.Length > 0; round++)
        {
            var at = random.Next(builder.Length);
            var length = Math.Min(builder.Length - at, random.Next(1, 40));
            switch (random.Next(6))
            {
                case 0:
                    builder.Remove(at, length);
                    break;
                case 1:
                    builder.Insert(at, builder.ToString(at, length));
                    break;
                case 2:
                    builder.Insert(at, Significant[random.Next(Significant.Length)]);
                    break;
                case 3:
                    builder[at] = Significant[random.Next(Significant.Length)];
                    break;
                case 4:
                    builder.Length = at;
                    break;
                default:
                    builder.Insert(at, random.Next(2) == 0 ? "99999999999999999999999" : "&x *x ");
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Byte-level damage for files read from disk: bytes 0xF8 to 0xFF, which UTF-8 never uses anywhere.</summary>
    public byte[] Damage(byte[] bytes)
    {
        var copy = bytes.ToArray();
        for (var flips = random.Next(1, 4); flips > 0 && copy.Length > 0; flips--)
        {
            copy[random.Next(copy.Length)] = (byte)random.Next(0xF8, 0x100);
        }

        return copy;
    }
}
