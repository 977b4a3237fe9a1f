namespace ControlPlane.Enforcement.Responses;

internal enum StorageVerdict
{
    Store,

    /// <summary>The rule does not store this status class; a retry should run again.</summary>
    StatusClassNotStored,

    /// <summary>Envoy answered itself (upstream timeout, reset, no healthy upstream): the outcome is unknown.</summary>
    LocalReply,

    /// <summary>gRPC: an Envoy local reply cannot carry a gRPC body, so it cannot be replayed.</summary>
    Grpc,
}
