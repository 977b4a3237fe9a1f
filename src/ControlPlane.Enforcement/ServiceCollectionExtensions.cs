using ControlPlane.Enforcement.Service;
using ControlPlane.Enforcement.Stores;
using ControlPlane.Enforcement.Stores.Memory;
using ControlPlane.Enforcement.Stores.Redis;
using Grpc.AspNetCore.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ControlPlane.Enforcement;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers the ext_proc idempotency service, the store chosen by <see cref="EnforcementOptions.Store"/>, the
    /// <see cref="IdempotencyRuleRegistry"/> (the host feeds it with <see cref="IdempotencyRuleRegistry.Update"/>) and
    /// <see cref="EnforcementMetrics"/>. The service's gRPC receive limit is sized from
    /// <see cref="EnforcementOptions.MaxRequestBodyBytes"/>. Map it with <c>MapIdempotencyEnforcement()</c>.
    /// </summary>
    public static IServiceCollection AddIdempotencyEnforcement(this IServiceCollection services, Action<EnforcementOptions>? configure = null)
    {
        var options = services.AddOptions<EnforcementOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddGrpc();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IdempotencyRuleRegistry>();
        services.TryAddSingleton<EnforcementMetrics>();
        services.TryAddSingleton<StoreOutageReporter>();
        services.TryAddSingleton<IdempotencyEngine>();
        services.TryAddSingleton<ExtProcService>();
        services.TryAddSingleton<RedisConnector>();
        services.TryAddSingleton<IIdempotencyStore>(CreateStore);
        services.AddSingleton<IConfigureOptions<GrpcServiceOptions<ExtProcService>>, ConfigureExtProcGrpcOptions>();
        services.AddHostedService<StoreWarmup>();
        return services;
    }

    private static IIdempotencyStore CreateStore(IServiceProvider services) =>
        services.GetRequiredService<IOptions<EnforcementOptions>>().Value.Store switch
        {
            EnforcementStoreKind.Redis => ActivatorUtilities.CreateInstance<RedisIdempotencyStore>(services),
            _ => ActivatorUtilities.CreateInstance<MemoryIdempotencyStore>(services),
        };

    private sealed class ConfigureExtProcGrpcOptions(IOptions<EnforcementOptions> enforcement) : IConfigureOptions<GrpcServiceOptions<ExtProcService>>
    {
        public void Configure(GrpcServiceOptions<ExtProcService> options) =>
            options.MaxReceiveMessageSize = GrpcMessageLimits.ForLargestBody(enforcement.Value.MaxRequestBodyBytes);
    }

    /// <summary>Creates the store at startup, so a Redis connection is under way before the first request.</summary>
    private sealed class StoreWarmup(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            services.GetRequiredService<IIdempotencyStore>();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
