using System.Collections.Immutable;

namespace ControlPlane.Xds;

/// <summary>The <c>variant</c> and <c>service</c> tags of a stream, built once per pair so a stream opening allocates none.</summary>
internal readonly record struct StreamTags(KeyValuePair<string, object?> Variant, KeyValuePair<string, object?> Service)
{
    private static readonly ImmutableArray<string> Variants = ["sotw", "delta"];
    private static readonly ImmutableArray<string> Services = ["ADS", .. ResourceTypes.AdditionOrder.Select(ResourceTypes.ShortName)];

    public static ImmutableArray<StreamTags> All { get; } =
        [.. Variants.SelectMany(v => Services.Select(s => new StreamTags(new("variant", v), new("service", s))))];

    /// <summary>The cached pair; <paramref name="variant"/> and <paramref name="service"/> are the server's own words, never a client's.</summary>
    public static StreamTags Of(string variant, string service)
    {
        foreach (var tags in All)
        {
            if ((string)tags.Variant.Value! == variant && (string)tags.Service.Value! == service)
            {
                return tags;
            }
        }

        throw new ArgumentException($"unknown stream kind {variant}/{service}", nameof(service));
    }
}
