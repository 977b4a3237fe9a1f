using ControlPlane.Xds;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ControlPlane.Hosting.Tls;

internal static class TlsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <c>ControlPlane:Tls</c> (validated at start with the other settings). When TLS is on, registers the
    /// certificate reloader that <see cref="TlsListener"/> reads; with a client CA, the identity map and the xDS
    /// authorizer that binds <c>node.cluster</c> to the client certificate.
    /// </summary>
    public static IServiceCollection AddServerTls(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TlsOptions>().Bind(configuration.GetSection(TlsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TlsOptions>, TlsOptionsValidator>();
        var options = configuration.GetSection(TlsOptions.Section).Get<TlsOptions>() ?? new TlsOptions();
        if (!options.Enabled)
        {
            return services;
        }

        services.AddSingleton<TlsMetrics>();
        services.AddSingleton(sp => new ServerCertificates(
            sp.GetRequiredService<IOptions<TlsOptions>>().Value,
            sp.GetRequiredService<TlsMetrics>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ServerCertificates>>()));
        if (options.Mutual)
        {
            services.AddSingleton(sp => new CertificateIdentities(sp.GetRequiredService<IOptions<TlsOptions>>().Value.Identities));
            services.Replace(ServiceDescriptor.Singleton<IXdsStreamAuthorizer, CertificateStreamAuthorizer>());
        }

        return services;
    }
}
