using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using DeltaResource = Envoy.Service.Discovery.V3.Resource;

namespace ControlPlane.Xds.Cache;

/// <summary>
/// One named resource, serialized exactly once. The <see cref="Any"/> and the delta <see cref="DeltaResource"/> wrap the
/// same bytes and are shared, unchanged, by every stream that sends this version.
/// </summary>
public sealed class XdsResource
{
    private XdsResource(string typeUrl, string name, IMessage message, ByteString body)
    {
        TypeUrl = typeUrl;
        Name = name;
        Message = message;
        Body = body;
        Version = ContentHash.Of(body.Span);
        Any = new Any { TypeUrl = typeUrl, Value = body };
        Delta = new DeltaResource { Name = name, Version = Version, Resource_ = Any };
    }

    public string TypeUrl { get; }

    public string Name { get; }

    /// <summary>The decoded message, for consistency checks and config dumps. Never mutate it.</summary>
    public IMessage Message { get; }

    public ByteString Body { get; }

    public string Version { get; }

    internal Any Any { get; }

    internal DeltaResource Delta { get; }

    public static XdsResource Create(string name, IMessage message)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var typeUrl = "type.googleapis.com/" + message.Descriptor.FullName;
        return new XdsResource(typeUrl, name, message, message.ToByteString());
    }
}
