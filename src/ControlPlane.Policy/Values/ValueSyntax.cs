using System.Text.RegularExpressions;

namespace ControlPlane.Policy.Values;

/// <summary>
/// Patterns for simple string kinds. The JSON Schema uses the same pattern texts, so editors flag what the loader rejects.
/// </summary>
internal static partial class ValueSyntax
{
    /// <summary>Kubernetes-style: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit.</summary>
    public const string NamePattern = "^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$";

    /// <summary>An HTTP token (RFC 9110), optionally a pseudo-header such as <c>:authority</c>.</summary>
    public const string HeaderNamePattern = "^:?[-!#$%&'*+.^_`|~0-9A-Za-z]+$";

    public const string PathPattern = "^/[^?#\\s]*$";

    /// <summary><c>*</c>, a DNS name, or a DNS name after <c>*.</c>; no port.</summary>
    public const string HostPatternPattern = "^(\\*|(\\*\\.)?[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?)*)$";

    public const string FieldPathPattern = "^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$";

    public const string DnsNamePattern = "^[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?)*$";

    /// <summary>Loose shape for editors; the loader parses addresses for real.</summary>
    public const string HostPortPattern = "^(\\[[0-9A-Fa-f:.]+\\]|[-A-Za-z0-9.]+):[0-9]{1,5}$";

    public const string IpAddressPattern = "^[0-9A-Fa-f:.]+$";

    public const string DurationPattern = "^([0-9]+(\\.[0-9]+)?(h|ms|m|s))+$";

    public const string ByteSizePattern = "^[0-9]+(Ki|Mi|Gi)?$";

    [GeneratedRegex(NamePattern)]
    public static partial Regex Name();

    [GeneratedRegex(HeaderNamePattern)]
    public static partial Regex HeaderName();

    [GeneratedRegex(PathPattern)]
    public static partial Regex Path();

    [GeneratedRegex(HostPatternPattern)]
    public static partial Regex HostPattern();

    [GeneratedRegex(FieldPathPattern)]
    public static partial Regex FieldPath();

    [GeneratedRegex(DnsNamePattern)]
    public static partial Regex DnsName();
}
