using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace ControlPlane.Enforcement.Tests.Infrastructure;

/// <summary>Sums one instrument of one meter factory by the value of one tag ("" for measurements without it).</summary>
internal sealed class CounterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _sums = new();

    public CounterRecorder(IMeterFactory scope, string instrumentName, string tag = "")
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == scope && instrument.Name == instrumentName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var key = "";
            foreach (var pair in tags)
            {
                if (pair.Key == tag)
                {
                    key = pair.Value as string ?? "";
                }
            }

            _sums.AddOrUpdate(key, value, (_, sum) => sum + value);
        });
        _listener.Start();
    }

    public long this[string tagValue] => _sums.GetValueOrDefault(tagValue);

    public void Dispose() => _listener.Dispose();
}
