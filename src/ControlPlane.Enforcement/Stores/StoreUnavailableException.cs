namespace ControlPlane.Enforcement.Stores;

/// <summary>The store could not answer (connection down, timeout, unreadable record); the rule's failure mode applies.</summary>
internal sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
