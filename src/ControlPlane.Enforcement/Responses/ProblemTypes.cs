namespace ControlPlane.Enforcement;

/// <summary>
/// The stable <c>type</c> URIs of the RFC 9457 problem details the enforcement service answers with
/// (<c>application/problem+json</c>). Clients may switch on them; they never change meaning.
/// </summary>
public static class ProblemTypes
{
    public const string Base = "https://idempotency.gateway/problems/";

    /// <summary>400: the rule requires a key and the request has none.</summary>
    public const string MissingKey = Base + "missing-key";

    /// <summary>400: the key is malformed, too long, has disallowed characters, or the body holding it is not JSON.</summary>
    public const string InvalidKey = Base + "invalid-key";

    /// <summary>409: a request with the same key is still being processed (with <c>Retry-After</c>).</summary>
    public const string KeyInUse = Base + "key-in-use";

    /// <summary>422: the key was already used for a different request (different fingerprint).</summary>
    public const string KeyReused = Base + "key-reused";

    /// <summary>413: the request body exceeds the rule's <c>maxBodyBytes</c>.</summary>
    public const string BodyTooLarge = Base + "body-too-large";

    /// <summary>503: the key store is unavailable and the rule fails closed.</summary>
    public const string StoreUnavailable = Base + "store-unavailable";

    /// <summary>503: the route names a rule this enforcement replica has not loaded and the route fails closed.</summary>
    public const string RuleUnavailable = Base + "rule-unavailable";

    /// <summary>Every type with its HTTP status and title, for documentation and tests.</summary>
    public static IReadOnlyList<(string Type, int Status, string Title)> All { get; } =
    [
        (MissingKey, 400, "Idempotency key missing"),
        (InvalidKey, 400, "Idempotency key invalid"),
        (KeyInUse, 409, "Idempotency key in use"),
        (KeyReused, 422, "Idempotency key reused"),
        (BodyTooLarge, 413, "Request body too large"),
        (StoreUnavailable, 503, "Idempotency store unavailable"),
        (RuleUnavailable, 503, "Idempotency rule not loaded"),
    ];
}
