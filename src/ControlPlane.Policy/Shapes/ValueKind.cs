namespace ControlPlane.Policy.Shapes;

/// <summary>What a field holds. Each kind has one parser (<c>ScalarConverter</c>) and one JSON Schema rendering.</summary>
internal enum ValueKind
{
    /// <summary>Any string.</summary>
    String,

    /// <summary>A whole number, optionally bounded by <see cref="FieldShape.Minimum"/> and <see cref="FieldShape.Maximum"/>.</summary>
    Integer,

    Boolean,

    /// <summary>One of <see cref="FieldShape.Values"/>.</summary>
    Enum,

    /// <summary>A nested mapping described by <see cref="FieldShape.Object"/>.</summary>
    Object,

    /// <summary>A mapping of string to string (labels, annotations); read but ignored.</summary>
    StringMap,

    /// <summary>A resource name: lower-case DNS subdomain style.</summary>
    Name,

    /// <summary>An HTTP header name; stored lower case.</summary>
    HeaderName,

    /// <summary><c>host:port</c> or <c>[ipv6]:port</c>.</summary>
    HostPort,

    /// <summary>An IPv4 or IPv6 literal (no brackets).</summary>
    IpAddress,

    /// <summary>Go/Kubernetes style: <c>200ms</c>, <c>30s</c>, <c>1h30m</c>.</summary>
    Duration,

    /// <summary>Bytes as an integer or with a binary suffix: <c>512Ki</c>, <c>1Mi</c>, <c>1Gi</c>.</summary>
    ByteSize,

    /// <summary>A regular expression in the syntax both .NET and RE2 (Envoy) accept.</summary>
    Regex,

    /// <summary>An absolute URL path without query: starts with '/'.</summary>
    Path,

    /// <summary>A host name to match: <c>*</c>, <c>api.example.com</c> or <c>*.example.com</c>.</summary>
    HostPattern,

    /// <summary>A dot-separated JSON field path, e.g. <c>vendor_data</c> or <c>a.b</c>.</summary>
    FieldPath,
}
