using System.Text;

namespace ControlPlane.Enforcement.Tests.Infrastructure;

/// <param name="CodeDetails">Envoy's <c>response.code_details</c> attribute; null: Envoy sent no attributes.</param>
internal sealed record UpstreamResponse(int Status, (string Name, string Value)[] Headers, byte[] Body, string? CodeDetails = "via_upstream")
{
    public static UpstreamResponse Json(int status, string body, params (string, string)[] extraHeaders) =>
        new(status, [("content-type", "application/json"), .. extraHeaders], Encoding.UTF8.GetBytes(body));
}
