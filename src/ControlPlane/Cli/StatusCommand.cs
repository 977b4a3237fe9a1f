using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using ControlPlane.Admin;

namespace ControlPlane.Cli;

/// <summary>
/// <c>status [--admin URL] [--gateway G] [--format table|json]</c>: the fleet as a running control plane sees it, read
/// from its <c>/status</c>. Exit 0 when read, 1 when the admin endpoint cannot be reached or answers no status, 2 for a
/// usage error.
/// </summary>
internal static class StatusCommand
{
    /// <summary>The debug listener, where <c>serve</c> puts /status (loopback by default).</summary>
    public const string DefaultAdmin = "http://127.0.0.1:19001";

    // Long enough for a loaded replica, short enough that a wrong address fails a script promptly.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static Command Create()
    {
        var admin = new Option<Uri>("--admin")
        {
            Description = $"The control plane's debug endpoint, where /status is served (default {DefaultAdmin}).",
            DefaultValueFactory = _ => new Uri(DefaultAdmin),
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
                {
                    return uri;
                }

                result.AddError($"--admin must be an http:// or https:// URL such as {DefaultAdmin} (got '{text}')");
                return null;
            },
        };
        var gateway = CliOptions.Text("--gateway", "Only the streams and versions of this gateway group (default: all).");
        var format = CliOptions.Format("table", "table", "json");
        var token = CliOptions.Text("--token-file", "A file holding the debug endpoint's bearer token (ControlPlane:Debug:Token); CONTROLPLANE_STATUS_TOKEN works too.");
        var command = new Command("status", "Show every connected Envoy and what it holds per type, the served versions, the last reload and the store's health.") { admin, gateway, format, token };
        CliOptions.RefuseRepeats(command);
        command.SetAction((result, cancellationToken) => RunAsync(
            result.GetRequiredValue(admin),
            result.GetValue(token) is { } file ? ReadToken(file) : Environment.GetEnvironmentVariable("CONTROLPLANE_STATUS_TOKEN"),
            result.GetValue(gateway),
            result.GetRequiredValue(format),
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    private static string ReadToken(string file) => File.Exists(file)
        ? File.ReadAllText(file).Trim()
        : throw new CommandLineException($"--token-file '{file}' does not exist");

    private static async Task<int> RunAsync(Uri admin, string? bearer, string? gateway, string format, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        // Appended, not resolved: behind a proxy the admin may live under a path (https://ops.example.com/cp-1).
        var url = new Uri(admin.AbsoluteUri.TrimEnd('/') + "/status");
        StatusDocument? document;
        try
        {
            using var http = new HttpClient { Timeout = Timeout };
            if (!string.IsNullOrEmpty(bearer))
            {
                http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
            }

            document = await http.GetFromJsonAsync(url, StatusJson.Default.StatusDocument, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or NotSupportedException && !cancellationToken.IsCancellationRequested)
        {
            // One line a script can log: where we looked and why nothing came back, no stack trace.
            await errors.WriteLineAsync($"error: cannot read status from {url}: {Reason(e)}").ConfigureAwait(false);
            return 1;
        }

        if (document is null)
        {
            await errors.WriteLineAsync($"error: {url} answered no status document").ConfigureAwait(false);
            return 1;
        }

        var shown = gateway is null ? document : StatusFilter.ToGateway(document, gateway);
        await output.WriteAsync(format == "json" ? JsonSerializer.Serialize(shown, StatusJson.Default.StatusDocument) + "\n" : StatusTable.Format(shown)).ConfigureAwait(false);
        return 0;
    }

    private static string Reason(Exception e) => e switch
    {
        TaskCanceledException => $"no answer within {Timeout.TotalSeconds:0} s",
        HttpRequestException { StatusCode: { } code } => $"HTTP {(int)code} {code}",
        HttpRequestException http => http.InnerException?.Message ?? http.Message,
        _ => $"not a status document ({e.Message})",
    };
}
