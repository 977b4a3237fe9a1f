using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ControlPlane.Xds.Tests;

/// <summary>The limits are validated when the server starts; a zero limit would refuse every Envoy.</summary>
public sealed class XdsOptionsTests
{
    [Fact]
    public void The_callers_settings_apply_and_a_limit_that_is_not_positive_is_refused_naming_its_key()
    {
        static XdsServerOptions Resolve(Action<XdsServerOptions> configure)
        {
            var services = new ServiceCollection().AddLogging();
            services.AddXdsServer(configure);
            using var provider = services.BuildServiceProvider();
            return provider.GetRequiredService<IOptions<XdsServerOptions>>().Value;
        }

        var options = Resolve(xds => xds.MaxUnknownGroups = 7);
        Assert.Equal(7, options.MaxUnknownGroups);
        var invalid = Assert.Throws<OptionsValidationException>(() => Resolve(xds => xds.MaxUnknownGroups = 0));
        Assert.Contains("ControlPlane:Xds:MaxUnknownGroups must be positive (got 0)", invalid.Message, StringComparison.Ordinal);
    }
}
