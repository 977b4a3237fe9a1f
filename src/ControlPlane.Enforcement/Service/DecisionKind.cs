namespace ControlPlane.Enforcement.Service;

internal enum DecisionKind
{
    /// <summary>Forward the request and skip everything that follows: no idempotency for this request.</summary>
    PassThrough,

    /// <summary>The request headers are fine; the decision needs the body.</summary>
    NeedBody,

    /// <summary>The headers are fine and the decision can be made now.</summary>
    Ready,

    /// <summary>This request owns the key: forward it and store its response.</summary>
    Proceed,

    /// <summary>Answer with a local reply (replay or problem).</summary>
    Answer,

    /// <summary>A duplicate in flight and the rule waits: hold the request, then decide again.</summary>
    Hold,
}
