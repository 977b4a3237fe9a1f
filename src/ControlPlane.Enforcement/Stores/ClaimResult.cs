namespace ControlPlane.Enforcement.Stores;

/// <param name="Token">For <see cref="ClaimOutcome.Claimed"/>: proves ownership when completing or releasing.</param>
/// <param name="Response">For <see cref="ClaimOutcome.Completed"/>.</param>
/// <param name="Remaining">How long the claim or the stored response still lives; zero when unknown.</param>
internal readonly record struct ClaimResult(ClaimOutcome Outcome, string Token, StoredResponse? Response, TimeSpan Remaining)
{
    public static ClaimResult Claimed(string token) => new(ClaimOutcome.Claimed, token, null, TimeSpan.Zero);

    public static ClaimResult InFlight(TimeSpan remaining) => new(ClaimOutcome.InFlight, "", null, remaining);

    public static ClaimResult Completed(StoredResponse response, TimeSpan remaining) => new(ClaimOutcome.Completed, "", response, remaining);

    public static ClaimResult Mismatch { get; } = new(ClaimOutcome.FingerprintMismatch, "", null, TimeSpan.Zero);
}
