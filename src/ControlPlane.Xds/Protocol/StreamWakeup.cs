using System.Threading.Tasks.Sources;

namespace ControlPlane.Xds.Protocol;

/// <summary>
/// Wakes one stream loop when its pending read completes or its group's snapshot is replaced. Replaces a
/// <c>Task.WhenAny</c> per iteration, which allocated on every ACK and added then removed a continuation on the group's
/// shared task: a linear scan under a lock of a list as long as the group's stream count, on every request of every stream.
/// One waiter at a time; any number of setters, from any thread. A set with no waiter is kept for the next wait.
/// </summary>
internal sealed class StreamWakeup : IValueTaskSource, IThreadPoolWorkItem
{
    private const int Idle = 0;
    private const int Waiting = 1;
    private const int Signaled = 2;

    // Continuations run on the setter's thread, as an await of the completed task would: no extra thread-pool hop.
    private ManualResetValueTaskSourceCore<bool> _core;
    private int _state;

    public StreamWakeup() => Set = OnSet;

    /// <summary>For a group's replacement signal, which a publish raises for every stream at once: each wakes on the thread pool.</summary>
    public static Action<object?> SetOnThreadPool { get; } = static wakeup => ThreadPool.UnsafeQueueUserWorkItem((StreamWakeup)wakeup!, preferLocal: false);

    /// <summary>The callback to register on what the loop waits for; one delegate for the stream's life.</summary>
    public Action Set { get; }

    public ValueTask WaitAsync()
    {
        if (Interlocked.CompareExchange(ref _state, Idle, Signaled) == Signaled)
        {
            return ValueTask.CompletedTask;
        }

        _core.Reset();
        if (Interlocked.CompareExchange(ref _state, Waiting, Idle) != Idle)
        {
            // Set between the two steps: consume it.
            Volatile.Write(ref _state, Idle);
            return ValueTask.CompletedTask;
        }

        return new ValueTask(this, _core.Version);
    }

    void IThreadPoolWorkItem.Execute() => OnSet();

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    private void OnSet()
    {
        while (true)
        {
            switch (Volatile.Read(ref _state))
            {
                case Signaled:
                    return;
                case Idle when Interlocked.CompareExchange(ref _state, Signaled, Idle) == Idle:
                    return;
                case Waiting when Interlocked.CompareExchange(ref _state, Idle, Waiting) == Waiting:
                    _core.SetResult(true);
                    return;
            }
        }
    }
}
