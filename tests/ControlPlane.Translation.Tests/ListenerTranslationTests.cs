using ControlPlane.Ir;
using ControlPlane.Translation.Tests.Support;
using Envoy.Config.Core.V3;
using Envoy.Extensions.Filters.Http.ExtProc.V3;
using Envoy.Extensions.Filters.Http.Router.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;

namespace ControlPlane.Translation.Tests;

public sealed class ListenerTranslationTests
{
    private static readonly GatewayIr WithEnforcement = IrSamples.Gateway([IrSamples.Route("all")], IrSamples.Enforcement);

    [Fact]
    public void Enforcement_filters_come_first_and_the_router_last()
    {
        var filters = Translate(WithEnforcement).ConnectionManager().HttpFilters;

        Assert.Equal(
            [EnforcementContract.FailClosedFilterName, EnforcementContract.FailOpenFilterName, "envoy.filters.http.router"],
            filters.Select(f => f.Name));
        Assert.True(filters[^1].TypedConfig.Is(Router.Descriptor));
    }

    [Fact]
    public void Without_enforcement_only_the_router_is_in_the_chain()
    {
        var filter = Assert.Single(Translate(WithEnforcement with { Enforcement = null }).ConnectionManager().HttpFilters);

        Assert.Equal("envoy.filters.http.router", filter.Name);
    }

    [Theory]
    [InlineData(EnforcementContract.FailClosedFilterName, false)]
    [InlineData(EnforcementContract.FailOpenFilterName, true)]
    public void Enforcement_filters_are_disabled_ext_proc_calling_the_enforcement_cluster(string filterName, bool failureModeAllow)
    {
        var filter = Translate(WithEnforcement).ConnectionManager().HttpFilters.Single(f => f.Name == filterName);
        var processor = filter.TypedConfig.Unpack<ExternalProcessor>();

        Assert.True(filter.Disabled);
        Assert.Equal(failureModeAllow, processor.FailureModeAllow);
        Assert.Equal(EnforcementContract.ClusterName, processor.GrpcService.EnvoyGrpc.ClusterName);
        Assert.Equal(TimeSpan.FromMilliseconds(200), processor.MessageTimeout.ToTimeSpan());
        Assert.Equal(TimeSpan.FromSeconds(5), processor.MaxMessageTimeout.ToTimeSpan());
        Assert.True(processor.AllowModeOverride);
        Assert.Equal([EnforcementContract.ResponseCodeDetailsAttribute], processor.ResponseAttributes);
        Assert.Null(processor.ProcessingMode);
    }

    [Fact]
    public void Connection_manager_fetches_its_route_configuration_over_ads()
    {
        var manager = Translate(WithEnforcement).ConnectionManager();

        Assert.Equal("edge/main", manager.Rds.RouteConfigName);
        Assert.Equal(ConfigSource.ConfigSourceSpecifierOneofCase.Ads, manager.Rds.ConfigSource.ConfigSourceSpecifierCase);
        Assert.Equal(ApiVersion.V3, manager.Rds.ConfigSource.ResourceApiVersion);
        Assert.Equal(HttpConnectionManager.Types.CodecType.Auto, manager.CodecType);
        Assert.Equal("edge_http", manager.StatPrefix);
    }

    [Theory]
    [InlineData(true, false, false)]
    [InlineData(false, true, true)]
    public void Request_id_settings_are_carried_over(bool generate, bool preserve, bool returnInResponse)
    {
        var listener = WithEnforcement.Listeners[0] with { RequestId = new RequestIdIr(generate, preserve, returnInResponse) };
        var manager = Translate(WithEnforcement with { Listeners = [listener] }).ConnectionManager();

        // BoolValue: false must be present, or Envoy falls back to its default (true).
        Assert.Equal(generate, manager.GenerateRequestId);
        Assert.Equal(preserve, manager.PreserveExternalRequestId);
        Assert.Equal(returnInResponse, manager.AlwaysSetRequestIdInResponse);
    }

    [Fact]
    public void Listener_binds_the_address_and_sets_the_buffer_limit_only_when_given()
    {
        var plain = Translate(WithEnforcement);
        var limited = Translate(WithEnforcement with { Listeners = [WithEnforcement.Listeners[0] with { BindAddress = "::", Port = 443, PerConnectionBufferLimitBytes = 2_097_152 }] });

        Assert.Equal("edge/http", plain.Name);
        Assert.Equal("0.0.0.0", plain.Address.SocketAddress.Address);
        Assert.Equal(8080u, plain.Address.SocketAddress.PortValue);
        Assert.Null(plain.PerConnectionBufferLimitBytes);
        Assert.Equal("::", limited.Address.SocketAddress.Address);
        Assert.Equal(443u, limited.Address.SocketAddress.PortValue);
        Assert.Equal(2_097_152u, limited.PerConnectionBufferLimitBytes);
    }

    private static Envoy.Config.Listener.V3.Listener Translate(GatewayIr gateway) =>
        EnvoyTranslator.Translate(gateway, IrSamples.NoRules()).SingleListener();
}
