using System.Globalization;
using ControlPlane.Ir;
using ControlPlane.Policy.Diagnostics;
using ControlPlane.Policy.Model;
using ControlPlane.Policy.Values;

namespace ControlPlane.Policy.Reading;

/// <summary>Reads the spec of an IdempotencyPolicy document.</summary>
internal static class PolicyReader
{
    public static PolicyModel Read(string name, SourceRef nameAt, MappingReader spec)
    {
        var inFlight = spec.Object("inFlight");
        return new PolicyModel(
            name,
            nameAt,
            spec.String("gateway") ?? "",
            spec.Where("gateway"),
            spec.List<string>("routes"),
            [.. spec.List<string>("methods").Select(m => m.Value).Order(StringComparer.Ordinal)],
            ReadKey(spec.Object("key")),
            [.. spec.Object("scope").List<string>("headers").Select(h => h.Value)],
            spec.Duration("ttl").GetValueOrDefault(),
            ReadFingerprint(spec.Object("fingerprint")),
            ReadInFlight(inFlight),
            inFlight.Where("maxWait"),
            spec.Duration("lease").GetValueOrDefault(),
            spec.Where("lease"),
            [.. spec.List<string>("storedOutcomes").Select(c => int.Parse(c.Value[..1], CultureInfo.InvariantCulture)).Order()],
            spec.ByteSize("maxBodyBytes").GetValueOrDefault(),
            spec.Where("maxBodyBytes"),
            spec.String("failureMode") == "open" ? FailureMode.Open : FailureMode.Closed,
            spec.String("replayHeader")!,
            Clean: false);
    }

    private static KeySourceIr ReadKey(MappingReader key)
    {
        var fromBody = key.Has("bodyField");

        // The enforcement service matches keys in .NET: the pattern must translate exactly (a syntax error is already reported).
        if (key.String("allowedCharacters") is { } pattern && RegexRules.CheckKeyPattern(pattern) is { } error)
        {
            key.Report("allowedCharacters", error);
        }

        return new KeySourceIr(
            fromBody ? KeyLocation.BodyField : KeyLocation.Header,
            (fromBody ? key.String("bodyField") : key.String("header")) ?? "",
            key.Boolean("required").GetValueOrDefault(),
            (int)key.Integer("maxLength").GetValueOrDefault(),
            key.String("allowedCharacters"));
    }

    private static FingerprintIr ReadFingerprint(MappingReader fingerprint) => new(
        fingerprint.Boolean("body").GetValueOrDefault(),
        [.. fingerprint.List<string>("headers").Select(h => h.Value)],
        fingerprint.Boolean("query").GetValueOrDefault());

    private static InFlightIr ReadInFlight(MappingReader inFlight)
    {
        var wait = inFlight.String("mode") == "wait";
        if (!wait && inFlight.Has("maxWait"))
        {
            inFlight.Report("maxWait", "maxWait applies only to mode: wait");
        }

        var retryAfter = inFlight.Duration("retryAfter").GetValueOrDefault();
        if (retryAfter.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            inFlight.Report("retryAfter", "retryAfter must be whole seconds (Retry-After carries seconds)");
        }

        return new InFlightIr(
            wait ? InFlightMode.Wait : InFlightMode.Reject,
            wait ? inFlight.Duration("maxWait").GetValueOrDefault() : TimeSpan.Zero,
            retryAfter);
    }
}
