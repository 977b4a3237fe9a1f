using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace ControlPlane.Admin;

/// <summary>
/// Collects this host's counters (System.Diagnostics.Metrics) and renders them in the Prometheus text format, so
/// /metrics needs no extra package. Counters end in <c>_total</c>; up-down counters are gauges; histograms export
/// <c>_sum</c> and <c>_count</c>. Recording is on the xDS hot path (several measurements per stream and update), so
/// it allocates nothing once a series exists: labels are only formatted when /metrics is read.
/// </summary>
internal sealed class PrometheusExporter : IDisposable
{
    private static readonly ImmutableArray<string> MeterNames = ["ControlPlane.Xds", "ControlPlane.Enforcement", "ControlPlane.Host"];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<SeriesKey, Series> _series = new();

    /// <param name="meters">This host's factory: other hosts in the same process (tests) have meters of the same name.</param>
    public PrometheusExporter(IMeterFactory meters)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (MeterNames.Contains(instrument.Meter.Name) && ReferenceEquals(instrument.Meter.Scope, meters))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public string Render()
    {
        var rows = _series
            .SelectMany(s => s.Value.Rows(s.Key))
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .ThenBy(r => r.Labels, StringComparer.Ordinal)
            .GroupBy(r => r.Name);
        var text = new StringBuilder();
        foreach (var group in rows)
        {
            var first = group.First();
            text.Append("# HELP ").Append(group.Key).Append(' ').Append(first.Help).Append('\n');
            text.Append("# TYPE ").Append(group.Key).Append(' ').Append(first.Type).Append('\n');
            foreach (var row in group)
            {
                text.Append(row.Name).Append(row.Labels).Append(' ').Append(row.Value.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = SeriesKey.Of(instrument, tags);
        if (!_series.TryGetValue(key, out var series))
        {
            series = _series.GetOrAdd(key, static (_, instrument) => new Series(instrument), instrument);
        }

        series.Add(value);
    }

    /// <summary>Our instruments carry at most two tags; more are folded into a formatted string (never on a hot path).</summary>
    private readonly record struct SeriesKey(Instrument Instrument, string? Key1, object? Value1, string? Key2, object? Value2, string? Rest)
    {
        public static SeriesKey Of(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags) => tags.Length switch
        {
            0 => new(instrument, null, null, null, null, null),
            1 => new(instrument, tags[0].Key, tags[0].Value, null, null, null),
            2 => new(instrument, tags[0].Key, tags[0].Value, tags[1].Key, tags[1].Value, null),
            _ => new(instrument, null, null, null, null, Format(tags.ToArray())),
        };

        public string Labels()
        {
            if (Rest is not null)
            {
                return Rest;
            }

            var pairs = new List<KeyValuePair<string, object?>>(2);
            if (Key1 is not null)
            {
                pairs.Add(new(Key1, Value1));
            }

            if (Key2 is not null)
            {
                pairs.Add(new(Key2, Value2));
            }

            return Format(pairs);
        }

        private static string Format(IReadOnlyCollection<KeyValuePair<string, object?>> tags)
        {
            if (tags.Count == 0)
            {
                return "";
            }

            var pairs = tags.Select(t => $"{Sanitize(t.Key)}=\"{Escape(Convert.ToString(t.Value, CultureInfo.InvariantCulture) ?? "")}\"").Order(StringComparer.Ordinal);
            return "{" + string.Join(',', pairs) + "}";
        }

        private static string Escape(string value) =>
            value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
    }

    private static string Sanitize(string name) => new(name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());

    private sealed record Row(string Name, string Labels, string Type, string Help, double Value);

    /// <summary>One instrument and tag set: a running sum, and for histograms a count.</summary>
    private sealed class Series(Instrument instrument)
    {
        private readonly string _kind = instrument.GetType().Name;
        private double _sum;
        private long _count;

        public void Add(double value)
        {
            double current;
            do
            {
                current = Volatile.Read(ref _sum);
            }
            while (Interlocked.CompareExchange(ref _sum, current + value, current) != current);

            Interlocked.Increment(ref _count);
        }

        public IEnumerable<Row> Rows(SeriesKey key)
        {
            var name = Sanitize(instrument.Name);
            var help = instrument.Description ?? "";
            var labels = key.Labels();
            var sum = Volatile.Read(ref _sum);
            if (_kind.StartsWith("Histogram", StringComparison.Ordinal))
            {
                // Sum and count are enough for rates and means; buckets would need a fixed layout per histogram.
                return [new(name + "_sum", labels, "counter", help, sum), new(name + "_count", labels, "counter", help, Interlocked.Read(ref _count))];
            }

            return _kind.StartsWith("Counter", StringComparison.Ordinal)
                ? [new(name + "_total", labels, "counter", help, sum)]
                : [new(name, labels, "gauge", help, sum)];
        }
    }
}
