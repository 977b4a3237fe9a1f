using System.Globalization;
using System.Text.Json;
using ControlPlane.Enforcement.Stores;
using Envoy.Service.ExtProc.V3;
using Envoy.Type.V3;
using Google.Protobuf;

namespace ControlPlane.Enforcement.Responses;

/// <summary>The local replies the service asks Envoy to send instead of forwarding the request.</summary>
internal static class ImmediateResponses
{
    public const string ProblemContentType = "application/problem+json";

    public static ImmediateResponse ForProblem(Problem problem)
    {
        var headers = new HeaderMutations().Set("content-type", ProblemContentType);
        if (problem.RetryAfter is { } seconds)
        {
            headers.Set("retry-after", seconds.ToString(CultureInfo.InvariantCulture));
        }

        return new ImmediateResponse
        {
            Status = new HttpStatus { Code = (StatusCode)problem.Status },
            Headers = headers.Build(),
            Body = ByteString.CopyFrom(ProblemBody(problem)),
            Details = problem.Details,
        };
    }

    /// <summary>The stored response as it was, plus the replay marker; content-type comes from the stored headers.</summary>
    public static ImmediateResponse ForReplay(StoredResponse stored, string replayHeader)
    {
        var headers = new HeaderMutations();
        foreach (var header in stored.Headers)
        {
            headers.Set(header.Name, header.Value);
        }

        headers.Set(replayHeader, "true");
        return new ImmediateResponse
        {
            Status = new HttpStatus { Code = (StatusCode)stored.Status },
            Headers = headers.Build(),
            Body = ByteString.CopyFrom(stored.Body),
            Details = "idempotency_replayed",
        };
    }

    internal static byte[] ProblemBody(Problem problem)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", problem.Type);
            json.WriteString("title", problem.Title);
            json.WriteNumber("status", problem.Status);
            json.WriteString("detail", problem.Detail);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
