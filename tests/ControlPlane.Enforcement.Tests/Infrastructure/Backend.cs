namespace ControlPlane.Enforcement.Tests.Infrastructure;

/// <summary>A scripted upstream that counts how often the gateway forwarded to it and can hold its answer.</summary>
internal sealed class Backend(UpstreamResponse response)
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>When set, the backend answers only once this completes.</summary>
    public Task? Gate { get; set; }

    /// <summary>Completes when the first call arrives.</summary>
    public TaskCompletionSource Called { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<UpstreamResponse> Handle()
    {
        Interlocked.Increment(ref _calls);
        Called.TrySetResult();
        if (Gate is { } gate)
        {
            await gate.WaitAsync(TimeSpan.FromSeconds(30));
        }

        return response;
    }
}
