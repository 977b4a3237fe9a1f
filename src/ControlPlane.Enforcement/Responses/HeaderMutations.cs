using Envoy.Config.Core.V3;
using Envoy.Service.ExtProc.V3;
using Google.Protobuf;

namespace ControlPlane.Enforcement.Responses;

/// <summary>
/// Builds header mutations the way Envoy reads them: the value in <c>raw_value</c> only (a <c>value</c> yields an empty
/// header, both is an error) and the old <c>append</c> flag set explicitly, false for the first value of a name and true
/// for the following ones, so repeated headers such as <c>set-cookie</c> all survive.
/// </summary>
internal sealed class HeaderMutations
{
    private readonly HeaderMutation _mutation = new();
    private readonly HashSet<string> _seen = new(StringComparer.OrdinalIgnoreCase);

    public HeaderMutations Set(string name, ReadOnlySpan<byte> value)
    {
        _mutation.SetHeaders.Add(new HeaderValueOption
        {
            Header = new HeaderValue { Key = name, RawValue = ByteString.CopyFrom(value) },
            Append = !_seen.Add(name),
        });
        return this;
    }

    public HeaderMutations Set(string name, string value) => Set(name, System.Text.Encoding.Latin1.GetBytes(value));

    public HeaderMutation Build() => _mutation;
}
