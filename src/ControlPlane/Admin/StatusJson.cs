using System.Text.Json;
using System.Text.Json.Serialization;

namespace ControlPlane.Admin;

/// <summary>
/// The one serializer of <see cref="StatusDocument"/>, used by <c>/status</c> to write and by <c>status</c> to read.
/// Null fields are left out: a rejected reload shows no versions, because it produced none.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StatusDocument))]
internal sealed partial class StatusJson : JsonSerializerContext;
