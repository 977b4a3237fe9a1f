using ControlPlane.Hosting;
using Microsoft.Extensions.Options;

namespace ControlPlane.Pipeline;

/// <summary>
/// Loads the policies at start, then reloads once after every quiet burst of changes. Nothing here may end the
/// process: a BackgroundService that throws stops the host, and with it every Envoy's config and enforcement.
/// </summary>
internal sealed class PolicyReloadService(
    PolicyPipeline pipeline,
    PipelineMetrics metrics,
    IOptions<ServeOptions> serve,
    IOptions<PolicyWatchOptions> watch,
    TimeProvider time,
    ILogger<PolicyReloadService> logger) : BackgroundService
{
    private PolicyDirectoryWatcher? _watcher;

    private string Directory => Path.GetFullPath(serve.Value.PoliciesDirectory);

    /// <summary>The first load finishes before the host reports started, so config is there when the ports open.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _watcher = new PolicyDirectoryWatcher(Directory, watch.Value.PollInterval, time, metrics, logger);
        _watcher.MarkReloading();
        if (!pipeline.Reload(Directory).Succeeded)
        {
            Log.NotReady(logger, Directory);
        }

        Log.Watching(logger, Directory);
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _watcher?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var watcher = _watcher!;
        var directory = Directory;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await watcher.Changes.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
                {
                    return;
                }

                await DebounceAsync(watcher, stoppingToken).ConfigureAwait(false);

                // An event whose burst left every file as the last reload saw it (a touch, a rewrite of the same bytes) changes nothing.
                if (watcher.MarkReloading())
                {
                    pipeline.Reload(directory);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The pipeline catches its own errors; this is the watcher or the debounce. Keep watching.
                metrics.WatchError();
                Log.WatchFailed(logger, directory, "the reload loop failed", e);
                await Task.Delay(watch.Value.Debounce, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Waits until no change arrived for the debounce window, or the maximum delay passed.</summary>
    private async Task DebounceAsync(PolicyDirectoryWatcher watcher, CancellationToken stoppingToken)
    {
        var deadline = time.GetUtcNow() + watch.Value.MaxDelay;
        while (watcher.Changes.TryRead(out _))
        {
            var remaining = deadline - time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            quiet.CancelAfter(Min(watch.Value.Debounce, remaining));
            try
            {
                await watcher.Changes.WaitToReadAsync(quiet.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
