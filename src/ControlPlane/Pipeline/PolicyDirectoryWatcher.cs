using System.Threading.Channels;

namespace ControlPlane.Pipeline;

/// <summary>
/// Signals when anything under the policy directory may have changed: file events (including the atomic
/// <c>..data</c> symlink swap of a Kubernetes ConfigMap and a git checkout's rename-over) plus a periodic
/// fingerprint poll for events the OS never delivers. Reloads are cheap to skip, so false alarms are fine.
/// </summary>
internal sealed class PolicyDirectoryWatcher : IDisposable
{
    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly string _directory;
    private readonly FileSystemWatcher? _watcher;
    private readonly ITimer _poll;
    private string _fingerprint;

    public PolicyDirectoryWatcher(string directory, TimeSpan pollInterval, TimeProvider time)
    {
        _directory = directory;
        _fingerprint = Fingerprint(directory);
        if (Directory.Exists(directory))
        {
            _watcher = new FileSystemWatcher(directory)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            _watcher.Changed += (_, _) => Signal();
            _watcher.Created += (_, _) => Signal();
            _watcher.Deleted += (_, _) => Signal();
            _watcher.Renamed += (_, _) => Signal();
            _watcher.Error += (_, _) => Signal();
            _watcher.EnableRaisingEvents = true;
        }

        _poll = time.CreateTimer(_ => PollOnce(), null, pollInterval, pollInterval);
    }

    public ChannelReader<bool> Changes => _changes.Reader;

    public void Dispose()
    {
        _watcher?.Dispose();
        _poll.Dispose();
    }

    private void Signal() => _changes.Writer.TryWrite(true);

    private void PollOnce()
    {
        var now = Fingerprint(_directory);
        if (now != Interlocked.Exchange(ref _fingerprint, now))
        {
            Signal();
        }
    }

    /// <summary>Names, sizes and times of the files as resolved through symlinks; cheap, and changes whenever content does.</summary>
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
                    return $"{path}>{target.FullName}:{(target.Exists ? target.Length : -1)}:{(target.Exists ? target.LastWriteTimeUtc.Ticks : 0)}";
                });
            return string.Join('\n', entries);
        }
        catch (IOException)
        {
            // Mid-swap: the next poll sees the settled state.
            return Guid.NewGuid().ToString();
        }
    }
}
