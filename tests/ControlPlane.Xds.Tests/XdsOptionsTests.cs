using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ControlPlane.Xds.Tests;

/// <summary>The limits come from the "Xds" configuration section; the host's own settings are applied on top.</summary>
public sealed class XdsOptionsTests
{
    [Fact]
    public void Options_bind_from_the_xds_section_and_the_callers_delegate_wins()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Xds:MaxUnknownGroups"] = "7",
                ["Xds:MaxNameLength"] = "99",
                ["Xds:Port"] = "1",
            })
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddXdsServer(xds => xds.Port = 18123);

        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<XdsServerOptions>>().Value;

        Assert.Equal((7, 99, 18123), (options.MaxUnknownGroups, options.MaxNameLength, options.Port));
    }
}
