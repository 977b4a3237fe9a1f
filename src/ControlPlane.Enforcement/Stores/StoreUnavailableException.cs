namespace ControlPlane.Enforcement.Stores;

/// <summary>The store could not answer (connection down, timeout, unreadable record); the rule's failure mode applies.</summary>
internal class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The store did not answer within the deadline Envoy's message timeout leaves; <see cref="Operation"/> runs on.</summary>
internal sealed class StoreDeadlineException(string message, Task operation) : StoreUnavailableException(message)
{
    public Task Operation { get; } = operation;
}
