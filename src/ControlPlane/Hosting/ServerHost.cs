using System.Net;
using ControlPlane.Admin;
using ControlPlane.Enforcement;
using ControlPlane.Hosting.Debug;
using ControlPlane.Hosting.Limits;
using ControlPlane.Hosting.Tls;
using ControlPlane.Pipeline;
using ControlPlane.Policy;
using ControlPlane.Xds;
using ControlPlane.Xds.Cache;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace ControlPlane.Hosting;

/// <summary>Builds the <c>serve</c> process; tests use it too, with their own ports and directories.</summary>
internal static class ServerHost
{
    /// <param name="settings">
    /// Configuration that wins over appsettings.json and the environment: the flags of <c>serve</c>, or a test's.
    /// </param>
    /// <exception cref="OptionsValidationException">A setting is invalid; nothing was started.</exception>
    public static WebApplication Build(IEnumerable<KeyValuePair<string, string?>> settings, Action<WebApplicationBuilder>? customize = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        var configuration = builder.Configuration.GetSection(ServeOptions.Section);
        var options = Bind(configuration);
        if (new ServeOptionsValidator().Validate(null, options) is { Failed: true } invalid)
        {
            throw new OptionsValidationException(ServeOptions.Section, typeof(ServeOptions), invalid.Failures);
        }

        if (options.LogFormat == "json")
        {
            // Scopes carry each xDS stream's node id and gateway group onto every line it logs.
            builder.Logging.AddJsonConsole(o =>
            {
                o.TimestampFormat = "O";
                o.IncludeScopes = true;
            });
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
                o.IncludeScopes = true;
            });
        }

        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Grpc", LogLevel.Warning);

        // A start failure (a port in use) is reported by `serve` as one line; the host would log it again with a stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        builder.Host.ConfigureHostOptions(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        var bind = IPAddress.Parse(options.BindAddress);
        var listeners = new ListenerBinding();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            XdsKestrel.ConfigureServer(kestrel);
            kestrel.Limits.Http2.MaxStreamsPerConnection = ConnectionLimits.AdvertisedStreamsPerConnection(options);
            if (options.ServesXds)
            {
                XdsKestrel.ListenXds(kestrel, bind, options.XdsPort, l =>
                {
                    ConnectionLimits.Apply(l, Listener.Xds, options.Limits.Xds);
                    listeners.Add(Listener.Xds, l);
                    TlsListener.Apply(l);
                });
            }

            if (options.ServesExtProc)
            {
                kestrel.Listen(bind, options.ExtProcPort, l =>
                {
                    l.Protocols = HttpProtocols.Http2;
                    ConnectionLimits.Apply(l, Listener.ExtProc, options.Limits.ExtProc);
                    listeners.Add(Listener.ExtProc, l);
                    TlsListener.Apply(l);
                });
            }

            kestrel.Listen(bind, options.AdminPort, l =>
            {
                l.Protocols = HttpProtocols.Http1;
                listeners.Add(Listener.Admin, l);
            });
            DebugListener.Listen(kestrel, options, listeners);
        });

        var services = builder.Services;
        services.AddSingleton(Options.Create(options));
        services.AddSingleton(listeners);
        services.AddOptions<PolicyWatchOptions>().Bind(builder.Configuration.GetSection(PolicyWatchOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PolicyWatchOptions>, PolicyWatchOptionsValidator>();
        services.AddSingleton(TimeProvider.System);
        services.AddControlPlaneTelemetry(builder.Configuration);
        services.AddSingleton<PipelineStatus>();
        services.AddSingleton<PipelineMetrics>();
        services.AddConnectionLimits();
        services.AddSingleton<GatewaySnapshotBuilder>();
        services.AddServerTls(builder.Configuration);
        if (options.ServesXds)
        {
            services.AddXdsServer(xds => xds.Port = options.XdsPort);
            services.AddOptions<XdsServerOptions>().Bind(builder.Configuration.GetSection(XdsServerOptions.Section));
        }

        if (options.ServesExtProc)
        {
            services.AddOptions<EnforcementOptions>().Bind(builder.Configuration.GetSection(EnforcementOptions.Section));
            services.AddIdempotencyEnforcement(enforcement =>
            {
                // The gRPC receive limit is fixed for the process's life: size it from the policies present at start.
                enforcement.MaxRequestBodyBytes = LargestBodyLimit(options.PoliciesDirectory);
            });
        }

        services.AddSingleton(sp => new PolicyPipeline(
            sp.GetRequiredService<GatewaySnapshotBuilder>(),
            sp.GetRequiredService<PipelineStatus>(),
            sp.GetRequiredService<PipelineMetrics>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<PolicyPipeline>>(),
            sp.GetService<ISnapshotCache>(),
            sp.GetService<IdempotencyRuleRegistry>()));
        services.AddHostedService<PolicyReloadService>();
        customize?.Invoke(builder);

        var app = builder.Build();
        ValidateSettings(app.Services, options);
        app.StartTelemetry();
        app.Services.GetService<ControlPlane.Hosting.Tls.TlsMetrics>()?.PublishZeros();
        app.UseStreamLimits();
        app.UseExtProcIdentityCheck(listeners);

        app.UseListenerBinding(listeners);
        if (options.ServesXds)
        {
            app.MapXdsServices(endpoint => endpoint.ServedOn(Listener.Xds));
        }

        if (options.ServesExtProc)
        {
            app.MapIdempotencyEnforcement().ServedOn(Listener.ExtProc);
        }

        app.MapProbes().ServedOn(Listener.Admin);
        app.MapDebug().ServedOn(Listener.Debug).RequireDebugToken(DebugToken.From(options.DebugAccess));
        DebugLog.DebugServing(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ControlPlane"), options.DebugBind, options.DebugPort, options.DebugAccess);

        // Once bound: with port 0 only Kestrel knows the ports.
        app.Lifetime.ApplicationStarted.Register(() => Log.Serving(
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ControlPlane"),
            options.Role.ToString().ToLowerInvariant(),
            options.ServesXds ? listeners.PortOf(Listener.Xds).ToString(System.Globalization.CultureInfo.InvariantCulture) : "-",
            options.ServesExtProc ? listeners.PortOf(Listener.ExtProc).ToString(System.Globalization.CultureInfo.InvariantCulture) : "-",
            listeners.PortOf(Listener.Admin)));
        return app;
    }

    private static long LargestBodyLimit(string policies) =>
        PolicyLoader.LoadDirectory(policies).Fleet is { Rules.IsEmpty: false } fleet ? fleet.Rules.Max(r => r.MaxBodyBytes) : 0;

    /// <summary>
    /// Every settings mistake at once, before anything listens: the first service that reads a bad setting would
    /// otherwise report only its own.
    /// </summary>
    private static void ValidateSettings(IServiceProvider services, ServeOptions options)
    {
        var failures = new List<string>();
        Collect<PolicyWatchOptions>(services, failures);
        Collect<TelemetryOptions>(services, failures);
        Collect<TlsOptions>(services, failures);
        if (options.ServesXds)
        {
            Collect<XdsServerOptions>(services, failures);
        }

        if (options.ServesExtProc)
        {
            Collect<EnforcementOptions>(services, failures);
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(ServeOptions.Section, typeof(ServeOptions), failures);
        }
    }

    private static void Collect<TOptions>(IServiceProvider services, List<string> failures)
        where TOptions : class
    {
        try
        {
            _ = services.GetRequiredService<IOptions<TOptions>>().Value;
        }
        catch (OptionsValidationException e)
        {
            failures.AddRange(e.Failures);
        }
        catch (InvalidOperationException e) when (e.InnerException is FormatException or ArgumentException)
        {
            // A value the binder cannot convert ("proxy" for an enum, "soon" for a duration).
            failures.Add(e.Message);
        }
    }

    private static ServeOptions Bind(IConfiguration configuration)
    {
        try
        {
            return configuration.Get<ServeOptions>() ?? new ServeOptions();
        }
        catch (InvalidOperationException e) when (e.InnerException is FormatException or ArgumentException)
        {
            throw new OptionsValidationException(ServeOptions.Section, typeof(ServeOptions), [e.Message]);
        }
    }
}
