using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace ControlPlane.Admin;

/// <summary>
/// Collects this process's counters (System.Diagnostics.Metrics) and renders them in the Prometheus text format, so
/// /metrics needs no extra package. Counters end in <c>_total</c>; up-down counters are gauges.
/// </summary>
internal sealed class PrometheusExporter : IDisposable
{
    private static readonly System.Collections.Immutable.ImmutableArray<string> MeterNames = ["ControlPlane.Xds", "ControlPlane.Enforcement", "ControlPlane.Host"];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), Series> _series = new();

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
        var text = new StringBuilder();
        foreach (var group in _series.OrderBy(s => s.Key.Name, StringComparer.Ordinal).ThenBy(s => s.Key.Labels, StringComparer.Ordinal).GroupBy(s => s.Key.Name))
        {
            var first = group.First().Value;
            text.Append("# HELP ").Append(group.Key).Append(' ').Append(first.Help).Append('\n');
            text.Append("# TYPE ").Append(group.Key).Append(' ').Append(first.Type).Append('\n');
            foreach (var (key, series) in group)
            {
                text.Append(key.Name).Append(key.Labels).Append(' ').Append(series.Value.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var kind = instrument.GetType().Name;
        var name = Sanitize(instrument.Name);
        var labels = Labels(tags);
        var help = instrument.Description ?? "";
        if (kind.StartsWith("Histogram", StringComparison.Ordinal))
        {
            // Sum and count are enough for rates and means; buckets would need a fixed layout per histogram.
            _series.GetOrAdd((name + "_sum", labels), _ => new Series("counter", help)).Add(value);
            _series.GetOrAdd((name + "_count", labels), _ => new Series("counter", help)).Add(1);
            return;
        }

        var isCounter = kind.StartsWith("Counter", StringComparison.Ordinal);
        _series.GetOrAdd((isCounter ? name + "_total" : name, labels), _ => new Series(isCounter ? "counter" : "gauge", help)).Add(value);
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return "";
        }

        var pairs = new List<string>(tags.Length);
        foreach (var (key, value) in tags)
        {
            var escaped = (Convert.ToString(value, CultureInfo.InvariantCulture) ?? "").Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
            pairs.Add($"{Sanitize(key)}=\"{escaped}\"");
        }

        pairs.Sort(StringComparer.Ordinal);
        return "{" + string.Join(',', pairs) + "}";
    }

    private static string Sanitize(string name) => new(name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());

    private sealed class Series(string type, string help)
    {
        private double _value;

        public string Type { get; } = type;

        public string Help { get; } = help;

        public double Value => Volatile.Read(ref _value);

        public void Add(double delta)
        {
            double current, next;
            do
            {
                current = Volatile.Read(ref _value);
                next = current + delta;
            }
            while (Interlocked.CompareExchange(ref _value, next, current) != current);
        }
    }
}
