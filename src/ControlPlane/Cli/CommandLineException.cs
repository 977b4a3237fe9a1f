namespace ControlPlane.Cli;

/// <summary>A usage error found while running a verb (a directory that does not exist, say): exit code 2.</summary>
internal sealed class CommandLineException(string message) : Exception(message);
