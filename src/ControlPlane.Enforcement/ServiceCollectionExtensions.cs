using ControlPlane.Enforcement.Service;
using ControlPlane.Enforcement.Stores;
using ControlPlane.Enforcement.Stores.Memory;
using ControlPlane.Enforcement.Stores.Redis;
using Grpc.AspNetCore.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
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
        // The host binds the options from configuration (EnforcementOptions.Section); the code's settings win over it.
        var options = services.AddOptions<EnforcementOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EnforcementOptions>, ValidateEnforcementOptions>());
        options.ValidateOnStart();

        services.AddGrpc();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IdempotencyRuleRegistry>();
        services.TryAddSingleton<EnforcementMetrics>();
        services.TryAddSingleton<StoreOutageReporter>();
        services.TryAddSingleton<UnknownRuleReporter>();
        services.TryAddSingleton(sp => new StoreHealth(
            sp.GetRequiredService<IIdempotencyStore>(), sp.GetRequiredService<EnforcementMetrics>(), sp.GetRequiredService<TimeProvider>()));
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

    private sealed class ValidateEnforcementOptions : IValidateOptions<EnforcementOptions>
    {
        public ValidateOptionsResult Validate(string? name, EnforcementOptions options) =>
            options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }

    private sealed class ConfigureExtProcGrpcOptions(IOptions<EnforcementOptions> enforcement) : IConfigureOptions<GrpcServiceOptions<ExtProcService>>
    {
        public void Configure(GrpcServiceOptions<ExtProcService> options) =>
            options.MaxReceiveMessageSize = GrpcMessageLimits.ForLargestBody(enforcement.Value.MaxRequestBodyBytes);
    }

    /// <summary>
    /// Creates the store at startup, so a Redis connection is under way before the first request, and probes Redis in
    /// the background: an unreachable one is logged (with its endpoint) and shown in <see cref="StoreHealth"/> at once.
    /// </summary>
    private sealed class StoreWarmup(IServiceProvider services, ILogger<StoreWarmup> logger) : IHostedService
    {
        private readonly CancellationTokenSource _stopping = new();
        private Task _probe = Task.CompletedTask;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            var store = services.GetRequiredService<IIdempotencyStore>();
            var health = services.GetRequiredService<StoreHealth>();
            if (store is RedisIdempotencyStore)
            {
                _probe = ProbeAsync(services.GetRequiredService<RedisConnector>(), health);
            }
            else
            {
                // The memory store is in the process: it answers as long as the process runs.
                health.Succeeded();
            }

            return Task.CompletedTask;
        }

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            await _probe.ConfigureAwait(false);
            _stopping.Dispose();
        }

        private async Task ProbeAsync(RedisConnector redis, StoreHealth health)
        {
            try
            {
                if (await redis.ProbeAsync(_stopping.Token).ConfigureAwait(false) is { } error)
                {
                    health.Failed(error);
                    Log.RedisUnreachableAtStart(logger, redis.Endpoints, error);
                }
                else
                {
                    health.Succeeded();
                    Log.RedisReachable(logger, redis.Endpoints);
                }
            }
            catch (OperationCanceledException)
            {
                // Stopped before Redis answered.
            }
        }
    }
}
