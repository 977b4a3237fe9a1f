namespace ControlPlane.Hosting.Tls;

internal static partial class TlsLog
{
    [LoggerMessage(101, LogLevel.Information, "TLS certificate reloaded from {File}: subject {Subject}, expires {NotAfter:O}.")]
    public static partial void Reloaded(ILogger logger, string file, string subject, DateTime notAfter);

    [LoggerMessage(102, LogLevel.Error, "Reloading the TLS files failed ({Reason}); the previous certificate keeps serving.")]
    public static partial void ReloadFailed(ILogger logger, string reason);

    [LoggerMessage(103, LogLevel.Warning, "ext_proc call from {Peer} denied: its client certificate ({Sans}) matches no ControlPlane:Tls:Identities entry.")]
    public static partial void ExtProcDenied(ILogger logger, string peer, string sans);
}
