namespace ControlPlane.Enforcement.Keys;

/// <summary>The client's idempotency key, or why there is none. <see cref="Reason"/> is shown to the client.</summary>
internal readonly record struct KeyExtraction(KeyStatus Status, string Key, string Reason)
{
    public static KeyExtraction Found(string key) => new(KeyStatus.Found, key, "");

    public static KeyExtraction Missing(string reason) => new(KeyStatus.Missing, "", reason);

    public static KeyExtraction Invalid(string reason) => new(KeyStatus.Invalid, "", reason);
}
