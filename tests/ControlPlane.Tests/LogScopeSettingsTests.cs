using ControlPlane.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace ControlPlane.Tests;

/// <summary>Both console formats print scopes: that is how each xDS stream's node id and gateway reach every line it logs.</summary>
public sealed class LogScopeSettingsTests
{
    [Fact]
    public async Task The_simple_and_json_console_formatters_include_scopes()
    {
        await using var simple = Build("simple");
        await using var json = Build("json");

        Assert.True(simple.Services.GetRequiredService<IOptions<SimpleConsoleFormatterOptions>>().Value.IncludeScopes);
        Assert.True(json.Services.GetRequiredService<IOptions<JsonConsoleFormatterOptions>>().Value.IncludeScopes);
    }

    private static Microsoft.AspNetCore.Builder.WebApplication Build(string format) => ServerHost.Build(
        new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["ControlPlane:Policies"] = PolicyDirectory.ExamplePolicies,
            ["ControlPlane:Bind"] = "127.0.0.1",
            ["ControlPlane:XdsPort"] = "0",
            ["ControlPlane:ExtProcPort"] = "0",
            ["ControlPlane:AdminPort"] = "0",
            ["ControlPlane:DebugPort"] = "0",
            ["ControlPlane:LogFormat"] = format,
        });
}
