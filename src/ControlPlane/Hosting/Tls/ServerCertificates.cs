namespace ControlPlane.Hosting.Tls;

/// <summary>
/// The TLS files as last read successfully. cert-manager and kubelet rotate them in place (a Secret volume's
/// <c>..data</c> symlink swap), so the directories are watched and polled; a change is read after a short quiet time
/// and swapped in atomically. Each handshake reads <see cref="Current"/>, so connections already open keep their
/// session and streams, and new ones get the new certificate. A bad new file keeps the old material, and is reported once.
/// </summary>
internal sealed class ServerCertificates : IDisposable
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(200);

    private readonly TlsOptions _options;
    private readonly TlsMetrics _metrics;
    private readonly ILogger _logger;
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly ITimer _debounce;
    private readonly ITimer _poll;
    private readonly Lock _reload = new();
    private TlsMaterial _current;
    private string? _refused;

    public ServerCertificates(TlsOptions options, TlsMetrics metrics, TimeProvider time, ILogger<ServerCertificates> logger)
    {
        _options = options;
        _metrics = metrics;
        _logger = logger;
        _current = TlsMaterial.Load(options);
        _debounce = time.CreateTimer(_ => Reload(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _poll = time.CreateTimer(_ => Reload(), null, options.PollInterval, options.PollInterval);
        var files = new[] { options.CertificateFile, options.KeyFile, options.ClientCaFile }.OfType<string>().Where(f => f.Length > 0);
        foreach (var directory in files.Select(f => Path.GetDirectoryName(Path.GetFullPath(f))!).Distinct(StringComparer.Ordinal))
        {
            var watcher = new FileSystemWatcher(directory) { IncludeSubdirectories = false, NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size };
            watcher.Changed += (_, _) => Touched();
            watcher.Created += (_, _) => Touched();
            watcher.Renamed += (_, _) => Touched();
            watcher.Deleted += (_, _) => Touched();
            watcher.Error += (_, _) => Touched();
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
    }

    public TlsMaterial Current => Volatile.Read(ref _current);

    /// <summary>Reads the files now; a no-op when they hold what is served. Public for the poll, the watcher and tests.</summary>
    public void Reload()
    {
        lock (_reload)
        {
            try
            {
                // A file being replaced may be missing for a moment: that read fails, the next event or poll succeeds.
                var files = TlsFiles.Read(_options);
                if (files.Fingerprint == _current.Fingerprint || files.Fingerprint == _refused)
                {
                    return;
                }

                _refused = files.Fingerprint;
                var loaded = TlsMaterial.Parse(files, _options);
                _refused = null;
                Volatile.Write(ref _current, loaded);
                _metrics.Reloaded(applied: true);
                TlsLog.Reloaded(_logger, _options.CertificateFile!, loaded.Certificate.Subject, loaded.Certificate.NotAfter.ToUniversalTime());
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
            {
                _metrics.Reloaded(applied: false);
                TlsLog.ReloadFailed(_logger, e.Message);
            }
        }
    }

    public void Dispose()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        _debounce.Dispose();
        _poll.Dispose();
    }

    // A rotation writes several files; reading after the burst avoids a certificate paired with the old key.
    private void Touched() => _debounce.Change(Quiet, Timeout.InfiniteTimeSpan);
}
