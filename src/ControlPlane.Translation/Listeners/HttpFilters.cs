using ControlPlane.Ir;
using ControlPlane.Translation.Common;
using Envoy.Config.Core.V3;
using Envoy.Extensions.Filters.Http.ExtProc.V3;
using Envoy.Extensions.Filters.Http.Router.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Google.Protobuf.WellKnownTypes;

namespace ControlPlane.Translation.Listeners;

/// <summary>The connection manager's HTTP filter chain: the enforcement filters (if any), then the router, last.</summary>
internal static class HttpFilters
{
    public static IEnumerable<HttpFilter> Build(EnforcementServiceIr? enforcement)
    {
        if (enforcement is not null)
        {
            foreach (var mode in EnforcementFilters.InChainOrder)
            {
                yield return Enforcement(enforcement, mode);
            }
        }

        yield return new HttpFilter { Name = EnvoyNames.RouterFilter, TypedConfig = Any.Pack(new Router()) };
    }

    /// <summary>
    /// Disabled here, enabled by a route's per-filter config: only idempotent routes pay for the call. There are two
    /// instances because <c>failure_mode_allow</c> cannot be overridden per route. The filter-level processing mode stays
    /// default; every route that enables the filter sets its own.
    /// </summary>
    private static HttpFilter Enforcement(EnforcementServiceIr enforcement, FailureMode mode)
    {
        var processor = new ExternalProcessor
        {
            GrpcService = new GrpcService
            {
                EnvoyGrpc = new GrpcService.Types.EnvoyGrpc { ClusterName = EnforcementContract.ClusterName },
            },
            FailureModeAllow = mode == FailureMode.Open,
            MessageTimeout = ProtoValues.Duration(enforcement.MessageTimeout),
            MaxMessageTimeout = ProtoValues.Duration(enforcement.MaxMessageTimeout),
            StatPrefix = EnforcementFilters.StatPrefix(mode),
            // Lets the service skip the response body when it will not store the response.
            AllowModeOverride = true,
            // Tells router local replies (timeouts, 503s) from real upstream answers, which alone may be stored.
            ResponseAttributes = { EnforcementContract.ResponseCodeDetailsAttribute },
        };

        return new HttpFilter
        {
            Name = EnforcementFilters.FilterName(mode),
            TypedConfig = Any.Pack(processor),
            Disabled = true,
        };
    }
}
