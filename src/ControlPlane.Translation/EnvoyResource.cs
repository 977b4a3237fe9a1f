using Google.Protobuf;

namespace ControlPlane.Translation;

/// <summary>
/// One translated resource, ready for <c>XdsResource.Create(Name, Message)</c>. The message may be shared with the
/// translator's memo (an unchanged piece is the same instance across translations): never mutate it.
/// </summary>
public sealed record EnvoyResource(string Name, IMessage Message);
