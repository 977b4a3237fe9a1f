namespace ControlPlane.Policy;

/// <summary>One problem found while loading policies.</summary>
/// <param name="File">Path relative to the policy directory, with '/' separators (or the path given to <see cref="PolicyLoader.Load"/>).</param>
/// <param name="Line">1-based; 0 when the problem concerns the file or directory as a whole.</param>
/// <param name="Column">1-based; 0 together with <paramref name="Line"/>.</param>
/// <param name="Path">Field path inside the document, e.g. <c>spec.routes[2].match.regex</c>; empty for the document or file itself.</param>
public sealed record PolicyDiagnostic(string File, int Line, int Column, string Path, string Message)
{
    /// <summary>
    /// <c>file:line:column: path: message</c>, the shape compilers use so editors and CI annotate the right place.
    /// <c>:line:column</c> is left out when the line is 0 and <c>path: </c> when the path is empty.
    /// </summary>
    public override string ToString()
    {
        var location = Line > 0 ? $"{File}:{Line}:{Column}" : File;
        return Path.Length > 0 ? $"{location}: {Path}: {Message}" : $"{location}: {Message}";
    }
}
