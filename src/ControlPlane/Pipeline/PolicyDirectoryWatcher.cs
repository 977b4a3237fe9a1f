using System.Threading.Channels;

namespace ControlPlane.Pipeline;

/// <summary>
/// Signals when anything under the policy directory may have changed: file events (including the atomic
/// <c>..data</c> symlink swap of a Kubernetes ConfigMap and a git checkout's rename-over) plus a periodic
/// fingerprint poll for events the OS never delivers. The poll compares with what the last reload saw
/// (<see cref="MarkReloading"/>), so a change that events already delivered is not reloaded a second time.
/// </summary>
internal sealed class PolicyDirectoryWatcher : IDisposable
{
    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly string _directory;
    private readonly ILogger _logger;
    private readonly PipelineMetrics _metrics;
    private readonly FileSystemWatcher? _watcher;
    private readonly ITimer _poll;
    private string? _reloaded;

    public PolicyDirectoryWatcher(string directory, TimeSpan pollInterval, TimeProvider time, PipelineMetrics metrics, ILogger logger)
    {
        _directory = directory;
        _metrics = metrics;
        _logger = logger;
        if (Directory.Exists(directory))
        {
            _watcher = new FileSystemWatcher(directory)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime | NotifyFilters.Attributes,
            };
            _watcher.Changed += (_, _) => Signal();
            _watcher.Created += (_, _) => Signal();
            _watcher.Deleted += (_, _) => Signal();
            _watcher.Renamed += (_, _) => Signal();
            _watcher.Error += (_, e) => Failed("file events were lost", e.GetException());
            _watcher.EnableRaisingEvents = true;
        }

        _poll = time.CreateTimer(_ => PollOnce(), null, pollInterval, pollInterval);
    }

    public ChannelReader<bool> Changes => _changes.Reader;

    /// <summary>Called right before a reload reads the directory: what it is about to see is what the poll compares with.</summary>
    /// <returns>False when nothing changed since the previous reload (the reload can be skipped).</returns>
    public bool MarkReloading()
    {
        var now = Fingerprint(_directory);
        return now != Interlocked.Exchange(ref _reloaded, now);
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _poll.Dispose();
    }

    private void Signal() => _changes.Writer.TryWrite(true);

    private void Failed(string reason, Exception? exception)
    {
        _metrics.WatchError();
        Log.WatchFailed(_logger, _directory, reason, exception);
        Signal();
    }

    /// <summary>A timer callback: an exception escaping it would end the process, so none does.</summary>
    private void PollOnce()
    {
        try
        {
            if (Fingerprint(_directory) != Volatile.Read(ref _reloaded))
            {
                Signal();
            }
        }
        catch (Exception e)
        {
            Failed("the poll could not read the directory", e);
        }
    }

    /// <summary>Names, sizes, times and modes of the files as resolved through symlinks; cheap, and changes whenever content does.</summary>
    private static string Fingerprint(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return "";
        }

        try
        {
            var entries = Directory.EnumerateFiles(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true })
                .Order(StringComparer.Ordinal)
                .Select(path =>
                {
                    var info = new FileInfo(path);
                    var target = info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? info;
                    return target.Exists
                        ? $"{path}>{target.FullName}:{target.Length}:{target.LastWriteTimeUtc.Ticks}:{(int)target.UnixFileMode}"
                        : $"{path}>{target.FullName}:missing";
                });
            return string.Join('\n', entries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Mid-swap or unreadable: a value that matches nothing, so the next look reloads.
            return Guid.NewGuid().ToString();
        }
    }
}
