using Grpc.AspNetCore.Server;

namespace ControlPlane.Hosting.Limits;

internal static class LimitsServiceCollectionExtensions
{
    /// <summary>The refusal counters and the per-message rate check of every gRPC streaming call.</summary>
    public static IServiceCollection AddConnectionLimits(this IServiceCollection services)
    {
        services.AddSingleton<LimitMetrics>();
        services.AddSingleton<RequestRateInterceptor>();
        services.Configure<GrpcServiceOptions>(grpc => grpc.Interceptors.Add<RequestRateInterceptor>());
        return services;
    }
}
