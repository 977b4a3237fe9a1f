namespace ControlPlane.Enforcement.Responses;

/// <summary>One problem-details answer before it becomes an Envoy local reply.</summary>
/// <param name="Details">Envoy's response code details (<c>%RESPONSE_CODE_DETAILS%</c>); no spaces.</param>
/// <param name="RetryAfter">Seconds for <c>Retry-After</c>, when set.</param>
internal sealed record Problem(string Type, string Detail, string Details, int? RetryAfter = null)
{
    public int Status => Describe().Status;

    public string Title => Describe().Title;

    public static Problem MissingKey(string detail) => new(ProblemTypes.MissingKey, detail, "idempotency_missing_key");

    public static Problem InvalidKey(string detail) => new(ProblemTypes.InvalidKey, detail, "idempotency_invalid_key");

    public static Problem KeyInUse(TimeSpan retryAfter) => new(
        ProblemTypes.KeyInUse,
        "A request with this idempotency key is still being processed; retry later.",
        "idempotency_key_in_use",
        (int)Math.Max(1, Math.Ceiling(retryAfter.TotalSeconds)));

    public static Problem KeyReused() => new(
        ProblemTypes.KeyReused,
        "This idempotency key was already used for a different request; use a new key for a new request.",
        "idempotency_key_reused");

    public static Problem BodyTooLarge(long maxBodyBytes) => new(
        ProblemTypes.BodyTooLarge,
        $"The request body exceeds {maxBodyBytes} bytes.",
        "idempotency_body_too_large");

    public static Problem StoreUnavailable() => new(
        ProblemTypes.StoreUnavailable,
        "The idempotency key store is unavailable; the request was not processed. Retry with the same key.",
        "idempotency_store_unavailable");

    public static Problem RuleUnavailable() => new(
        ProblemTypes.RuleUnavailable,
        "The idempotency rule of this route is not loaded by the enforcement service; the request was not processed. Retry with the same key.",
        "idempotency_rule_unavailable");

    private (string Type, int Status, string Title) Describe()
    {
        foreach (var known in ProblemTypes.All)
        {
            if (known.Type == Type)
            {
                return known;
            }
        }

        throw new InvalidOperationException($"Unknown problem type {Type}.");
    }
}
