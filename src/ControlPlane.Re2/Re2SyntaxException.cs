namespace ControlPlane.Re2;

/// <summary>Why a pattern is not RE2, and where: <see cref="Offset"/> counts UTF-16 characters from the start.</summary>
internal sealed class Re2SyntaxException(int offset, string reason) : Exception($"{reason} (at offset {offset})")
{
    public int Offset { get; } = offset;

    public string Reason { get; } = reason;
}
