namespace ControlPlane.Re2;

/// <summary>RE2's own limits, and ours where RE2 has none that protects us.</summary>
internal static class Re2Limits
{
    /// <summary>RE2's kMaxRepeat: no count above it, nor a product of nested counts.</summary>
    public const int MaxRepeat = 1000;

    /// <summary>
    /// Ours: groups nested deeper are refused so the recursive parser and translators stay far from the stack's
    /// end. RE2 itself accepts deeper nesting, but Envoy's program-size limit refuses such patterns long before.
    /// </summary>
    public const int MaxNesting = 1000;

    public const int MaxCodePoint = 0x10FFFF;

    /// <summary>Envoy's default <c>re2.max_program_size.error_level</c>: larger programs are refused (NACK).</summary>
    public const int EnvoyMaxProgramSize = 100;
}
