namespace ControlPlane.Re2;

/// <summary>RE2's own limits, and ours where RE2 has none that protects us.</summary>
internal static class Re2Limits
{
    /// <summary>RE2's kMaxRepeat: no count above it, nor a product of nested counts.</summary>
    public const int MaxRepeat = 1000;

    /// <summary>
    /// Ours: groups nested deeper are refused so the recursive parser and translators stay far from the stack's
    /// end (a test runs them at this depth on a 256 KiB stack). RE2 itself accepts deeper nesting, but Envoy's
    /// program-size limit refuses nearly all such patterns anyway (each capture costs 2 of its 100).
    /// </summary>
    public const int MaxNesting = 100;

    public const int MaxCodePoint = 0x10FFFF;

    /// <summary>Envoy's default <c>re2.max_program_size.error_level</c>: larger programs are refused (NACK).</summary>
    public const int EnvoyMaxProgramSize = 100;
}
