using System.Diagnostics.Metrics;

namespace ControlPlane.Enforcement.Tests.Infrastructure;

/// <summary>
/// Counts the decisions of one host (its own meter factory, so parallel tests do not mix) and lets a test await a
/// decision the service makes after the client has its answer, such as releasing an abandoned claim.
/// </summary>
internal sealed class DecisionRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _counts = [];
    private readonly HashSet<string> _rules = [];
    private readonly List<(string Outcome, int Count, TaskCompletionSource Reached)> _waiters = [];

    public DecisionRecorder(IMeterFactory scope)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == scope && instrument.Name == EnforcementMetrics.DecisionsInstrument)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        // Zeros are the series a rule's load creates, not decisions.
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            if (value != 0)
            {
                Record(tags, (int)value);
            }
        });
        _listener.Start();
    }

    public int this[string outcome]
    {
        get
        {
            lock (_gate)
            {
                return _counts.GetValueOrDefault(outcome);
            }
        }
    }

    /// <summary>Every <c>rule</c> tag value seen so far.</summary>
    public IReadOnlyCollection<string> Rules
    {
        get
        {
            lock (_gate)
            {
                return [.. _rules];
            }
        }
    }

    public Task WaitForAsync(string outcome, int count = 1)
    {
        lock (_gate)
        {
            if (_counts.GetValueOrDefault(outcome) >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((outcome, count, reached));
            return reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Record(ReadOnlySpan<KeyValuePair<string, object?>> tags, int value)
    {
        var outcome = "";
        var rule = "";
        foreach (var tag in tags)
        {
            if (tag.Key == "outcome")
            {
                outcome = (string)tag.Value!;
            }
            else if (tag.Key == "rule")
            {
                rule = (string)tag.Value!;
            }
        }

        lock (_gate)
        {
            _rules.Add(rule);
            var total = _counts[outcome] = _counts.GetValueOrDefault(outcome) + value;
            foreach (var waiter in _waiters.Where(w => w.Outcome == outcome && total >= w.Count).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Reached.TrySetResult();
            }
        }
    }
}
