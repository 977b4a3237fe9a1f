namespace ControlPlane.Cli;

internal static class HelpText
{
    public const string Text = """
        usage: ControlPlane <verb> [arguments]

          serve [--policies DIR] [--role all|xds|extproc] [--bind ADDRESS]
                [--xds-port 18000] [--extproc-port 18001] [--admin-port 19000]
                [--store memory|redis] [--redis CONNECTION]
              Run the control plane: load and watch the policies, serve xDS (ADS, SotW and
              delta) and/or the ext_proc idempotency service, and the admin endpoints.

          validate DIR [--format text|json]
              Check the policies in DIR; exit 0 when valid, 1 with every error as
              file:line:col: path: message.

          render DIR [--gateway NAME] [--format yaml|json]
              Print exactly the resources Envoy would receive, as in Envoy's config dump.

          bootstrap --gateway NAME [--node-id ID] [--xds-address HOST:PORT] [--sotw] [--format yaml|json]
                    [--policies DIR]
              Print an Envoy bootstrap that fetches its config from this control plane over
              ADS (delta by default; --sotw for state of the world). Without --node-id, start
              each Envoy with its own --service-node ID. --policies DIR warns when DIR does not
              declare the gateway.

        """;
}
