namespace ControlPlane.Policy.Tests.Loading;

/// <summary>Small valid documents for loader tests.</summary>
internal static class PolicyText
{
    public static string Gateway(string name, int port = 8080, string route = "orders") => $"""
        apiVersion: {PolicyFormat.ApiVersion}
        kind: Gateway
        metadata:
          name: {name}
        spec:
          listeners:
            - name: http
              port: {port}
          upstreams:
            - name: app
              addresses: ["127.0.0.1:9000"]
          routes:
            - name: {route}
              match:
                prefix: /{route}
              upstream: app

        """;

    public static string Policy(string name, string gateway, string route = "orders", string methods = "[POST]") => $"""
        apiVersion: {PolicyFormat.ApiVersion}
        kind: IdempotencyPolicy
        metadata:
          name: {name}
        spec:
          gateway: {gateway}
          routes: [{route}]
          methods: {methods}

        """;
}
