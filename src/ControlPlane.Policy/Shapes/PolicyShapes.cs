using System.Collections.Immutable;

namespace ControlPlane.Policy.Shapes;

/// <summary>
/// The field tables of the policy format: what the loader accepts, with types and defaults. The JSON Schema in
/// <c>Schema/policy.schema.json</c> is generated from these (a test fails when they differ).
/// Declaration order matters: a shape must be declared before the shapes that nest it.
/// </summary>
internal static class PolicyShapes
{
    private static readonly ImmutableArray<string> ApiVersions = [PolicyFormat.ApiVersion];

    public static readonly ObjectShape Metadata = new("Metadata", "Kubernetes-style object metadata; only the name is used.",
    [
        new("name", ValueKind.Name, "Unique name of the document within its kind.") { Required = true },
        new("namespace", ValueKind.String, "Ignored; accepted for Kubernetes tooling."),
        new("labels", ValueKind.StringMap, "Ignored; accepted for Kubernetes tooling."),
        new("annotations", ValueKind.StringMap, "Ignored; accepted for Kubernetes tooling."),
    ]);

    public static readonly ObjectShape Listener = new("Listener", "A port the gateway's Envoys listen on.",
    [
        new("name", ValueKind.Name, "Unique within the gateway.") { Required = true },
        new("port", ValueKind.Integer, "TCP port.") { Required = true, Minimum = 1, Maximum = 65535 },
        new("address", ValueKind.IpAddress, "IP address to bind.") { Default = "0.0.0.0" },
        new("perConnectionBufferLimitBytes", ValueKind.ByteSize, "Envoy's per-connection buffer limit; Envoy's default is 1Mi. Bodies the enforcement service reads must fit."),
    ]);

    public static readonly ObjectShape RequestId = new("RequestId", "How the gateway treats x-request-id.",
    [
        new("generate", ValueKind.Boolean, "Generate x-request-id when missing.") { Default = true },
        new("preserveExternal", ValueKind.Boolean, "Keep an x-request-id sent by the client.") { Default = false },
        new("returnInResponse", ValueKind.Boolean, "Copy x-request-id into the response.") { Default = false },
    ]);

    public static readonly ObjectShape Upstream = new("Upstream", "A backend cluster.",
    [
        new("name", ValueKind.Name, "Unique within the gateway.") { Required = true },
        new("addresses", ValueKind.HostPort, "Endpoints as host:port or [ipv6]:port.") { Required = true, IsList = true, MinItems = 1, UniqueItems = true },
        new("connectTimeout", ValueKind.Duration, "TCP connect timeout.") { Default = "5s" },
        new("protocol", ValueKind.Enum, "HTTP version spoken to the backend.") { Values = ["http1", "http2"], Default = "http1" },
    ]);

    public static readonly ObjectShape HeaderMatch = new("HeaderMatch", "A request header condition; set exactly one of exact, prefix, regex, present.",
    [
        new("name", ValueKind.HeaderName, "Header name (case-insensitive).") { Required = true },
        new("exact", ValueKind.String, "The value equals this."),
        new("prefix", ValueKind.String, "The value starts with this."),
        new("regex", ValueKind.Regex, "The whole value matches this regular expression (RE2 syntax)."),
        new("present", ValueKind.Boolean, "The header is present (must be true; combine with invert for absent)."),
        new("invert", ValueKind.Boolean, "Negate the condition.") { Default = false },
    ])
    {
        ExactlyOneOf = [["exact", "prefix", "regex", "present"]],
    };

    public static readonly ObjectShape RouteMatch = new("RouteMatch", "Request conditions; set exactly one of path, prefix, regex.",
    [
        new("path", ValueKind.Path, "The path (without query) equals this."),
        new("prefix", ValueKind.Path, "The path starts with this."),
        new("regex", ValueKind.Regex, "The whole path matches this regular expression (RE2 syntax)."),
        new("headers", ValueKind.Object, "Header conditions; all must hold.") { IsList = true, Object = HeaderMatch },
    ])
    {
        ExactlyOneOf = [["path", "prefix", "regex"]],
    };

    public static readonly ObjectShape Route = new("Route", "A route; the first matching route wins.",
    [
        new("name", ValueKind.Name, "Unique within the gateway; policies refer to it.") { Required = true },
        new("hosts", ValueKind.HostPattern, "Host names served; '*' for any. Ports in the Host header are ignored.") { IsList = true, MinItems = 1, UniqueItems = true, Default = ImmutableArray.Create("*") },
        new("match", ValueKind.Object, "Which requests take this route.") { Required = true, Object = RouteMatch },
        new("upstream", ValueKind.Name, "Name of the upstream requests go to.") { Required = true },
        new("timeout", ValueKind.Duration, "Upstream response timeout; Envoy's default is 15s."),
    ]);

    public static readonly ObjectShape EnforcementTls = new("EnforcementTls", "TLS from Envoy to the enforcement service (serve --tls-cert); paths are on the Envoy's host.",
    [
        new("caFile", ValueKind.String, "PEM CA the service's certificate must chain to.") { Required = true },
        new("certFile", ValueKind.String, "Envoy's PEM client certificate, for serve --client-ca; with keyFile."),
        new("keyFile", ValueKind.String, "The private key of certFile."),
        new("sdsPath", ValueKind.String, "Instead of certFile and keyFile: a directory Envoy watches, holding the SDS file xds-certificate.yaml (as bootstrap --xds-tls-sds)."),
        new("sni", ValueKind.String, "Server name sent in the TLS ClientHello."),
        new("subjectAltNames", ValueKind.String, "The service's certificate must carry one of these SANs (scheme://... is a URI SAN, else DNS).") { IsList = true, MinItems = 1, UniqueItems = true },
    ])
    {
        AtMostOneOf = [["certFile", "sdsPath"], ["keyFile", "sdsPath"]],
    };

    public static readonly ObjectShape Enforcement = new("Enforcement", "Where the gateway reaches the idempotency enforcement service; set address or addresses.",
    [
        new("address", ValueKind.HostPort, "host:port of the service.") { Default = PolicyFormat.DefaultEnforcementAddress },
        new("addresses", ValueKind.HostPort, "Several host:port endpoints of the service.") { IsList = true, MinItems = 1, UniqueItems = true },
        new("connectTimeout", ValueKind.Duration, "TCP connect timeout to the service.") { Default = "1s" },
        new("messageTimeout", ValueKind.Duration, "How long Envoy waits for each answer of the service.") { Default = "200ms" },
        new("maxMessageTimeout", ValueKind.Duration, "Longest the service may hold one answer (inFlight: wait); must exceed every maxWait.") { Default = "15s" },
        new("tls", ValueKind.Object, "TLS to the service; plain HTTP/2 when absent.") { Object = EnforcementTls },
    ])
    {
        AtMostOneOf = [["address", "addresses"]],
    };

    public static readonly ObjectShape GatewaySpec = new("GatewaySpec", "One Envoy fleet; metadata.name is the node.cluster its Envoys announce.",
    [
        new("listeners", ValueKind.Object, "Ports to listen on; all serve the gateway's routes.") { Required = true, IsList = true, MinItems = 1, Object = Listener },
        new("requestId", ValueKind.Object, "x-request-id handling.") { Object = RequestId },
        new("upstreams", ValueKind.Object, "Backends.") { IsList = true, Object = Upstream },
        new("routes", ValueKind.Object, "Routes in match order.") { IsList = true, Object = Route },
        new("enforcement", ValueKind.Object, "Enforcement service; used only when a policy targets the gateway.") { Object = Enforcement },
    ]);

    public static readonly ObjectShape Key = new("Key", "Where the idempotency key comes from; set header or bodyField.",
    [
        new("header", ValueKind.HeaderName, "Request header carrying the key (default when bodyField is not set).") { Default = "Idempotency-Key" },
        new("bodyField", ValueKind.FieldPath, "JSON body field carrying the key, dot-separated (e.g. vendor_data, a.b)."),
        new("required", ValueKind.Boolean, "Reject requests without a key (400); otherwise pass them through.") { Default = true },
        new("maxLength", ValueKind.Integer, "Longest accepted key.") { Default = 255L, Minimum = 1, Maximum = 8192 },
        new("allowedCharacters", ValueKind.Regex, "Regular expression the whole key must match."),
    ])
    {
        AtMostOneOf = [["header", "bodyField"]],
    };

    public static readonly ObjectShape Scope = new("Scope", "Request attributes that namespace the key, so one caller never sees another's response.",
    [
        new("headers", ValueKind.HeaderName, "Headers whose values are part of the key scope.") { IsList = true, UniqueItems = true, Default = ImmutableArray<string>.Empty },
    ]);

    public static readonly ObjectShape Fingerprint = new("Fingerprint", "What must be identical for a key to be reused (else 422).",
    [
        new("body", ValueKind.Boolean, "Include the request body.") { Default = true },
        new("headers", ValueKind.HeaderName, "Include these request headers.") { IsList = true, UniqueItems = true, Default = ImmutableArray<string>.Empty },
        new("query", ValueKind.Boolean, "Include the query string.") { Default = false },
    ]);

    public static readonly ObjectShape InFlight = new("InFlight", "What a duplicate gets while the first request is still running.",
    [
        new("mode", ValueKind.Enum, "reject: 409 with Retry-After; wait: hold for the first result up to maxWait, then 409.") { Values = ["reject", "wait"], Default = "reject" },
        new("maxWait", ValueKind.Duration, "Longest hold (mode: wait only).") { Default = "10s" },
        new("retryAfter", ValueKind.Duration, "Retry-After on a 409; whole seconds.") { Default = "1s" },
    ]);

    public static readonly ObjectShape IdempotencyPolicySpec = new("IdempotencyPolicySpec", "Idempotency enforcement for routes of one gateway.",
    [
        new("gateway", ValueKind.Name, "Name of the Gateway.") { Required = true },
        new("routes", ValueKind.Name, "Names of routes in that gateway.") { Required = true, IsList = true, MinItems = 1, UniqueItems = true },
        new("methods", ValueKind.Enum, "HTTP methods enforced.") { IsList = true, MinItems = 1, UniqueItems = true, Values = ["POST", "PUT", "PATCH", "DELETE"], IgnoreCase = true, Default = ImmutableArray.Create("POST", "PATCH") },
        new("key", ValueKind.Object, "Key source and limits.") { Object = Key },
        new("scope", ValueKind.Object, "Key scope.") { Object = Scope },
        new("ttl", ValueKind.Duration, "How long a stored response is replayed.") { Default = "24h" },
        new("fingerprint", ValueKind.Object, "Request fingerprint.") { Object = Fingerprint },
        new("inFlight", ValueKind.Object, "Concurrent duplicates.") { Object = InFlight },
        new("lease", ValueKind.Duration, "How long a claim lives without an answer; must exceed the route timeout.") { Default = "30s" },
        new("storedOutcomes", ValueKind.Enum, "Status classes whose responses are stored and replayed; others release the key.") { IsList = true, MinItems = 1, UniqueItems = true, Values = ["2xx", "3xx", "4xx", "5xx"], Default = ImmutableArray.Create("2xx", "4xx") },
        new("maxBodyBytes", ValueKind.ByteSize, "Largest request body (413 above); must fit every listener's buffer limit when the body is read.") { Default = 1048576L },
        new("failureMode", ValueKind.Enum, "When the store is down: open lets requests through, closed answers 503.") { Values = ["open", "closed"], Default = "closed" },
        new("replayHeader", ValueKind.HeaderName, "Header set to true on replayed responses.") { Default = "Idempotent-Replayed" },
    ]);

    public static readonly ObjectShape GatewayDocument = Document(PolicyFormat.GatewayKind, GatewaySpec, "A gateway fleet: listeners, upstreams, routes.");

    public static readonly ObjectShape IdempotencyPolicyDocument = Document(PolicyFormat.IdempotencyPolicyKind, IdempotencyPolicySpec, "An idempotency policy bound to routes of a gateway.");

    /// <summary>Document shapes by <c>kind</c>.</summary>
    public static readonly ImmutableArray<ObjectShape> Documents = [GatewayDocument, IdempotencyPolicyDocument];

    private static ObjectShape Document(string kind, ObjectShape spec, string description) => new(kind, description,
    [
        new("apiVersion", ValueKind.Enum, "Format version.") { Required = true, Values = ApiVersions },
        new("kind", ValueKind.Enum, "Document kind.") { Required = true, Values = [kind] },
        new("metadata", ValueKind.Object, "Name and Kubernetes-style metadata.") { Required = true, Object = Metadata },
        new("spec", ValueKind.Object, spec.Description) { Required = true, Object = spec },
    ]);
}
