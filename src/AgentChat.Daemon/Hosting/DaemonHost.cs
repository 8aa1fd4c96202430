using System.Net;
using AgentChat.Configuration;
using AgentChat.Daemon.Gateway;
using AgentChat.Daemon.Outbox;
using AgentChat.Daemon.Presence;
using AgentChat.Daemon.Reading;
using AgentChat.Daemon.Registry;
using AgentChat.Daemon.Sync;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentChat.Daemon.Hosting;

/// <summary>Starts one daemon: sync loop, heartbeat, outbox sender and gateway, for one agent identity.</summary>
public static class DaemonHost
{
    private const long MaxRequestBodyBytes = 256 * 1024;

    /// <summary>Runs until <paramref name="ct"/> fires or SIGTERM/SIGINT arrives; returns the process exit code.</summary>
    public static async Task<int> RunAsync(AgentChatSettings settings, DaemonOptions options, CancellationToken ct)
    {
        await using var daemon = await StartAsync(settings, options, null, ct);
        await daemon.App.WaitForShutdownAsync(ct);
        // A loop that died stopped the host: exit non-zero so systemd's Restart=on-failure brings it back.
        return daemon.App.Services.GetServices<IHostedService>().OfType<BackgroundService>().Any(s => s.ExecuteTask is { IsFaulted: true }) ? 1 : 0;
    }

    /// <summary>Starts the daemon and returns once the gateway listens and the discovery file is written.</summary>
    public static async Task<RunningDaemon> StartAsync(AgentChatSettings settings, DaemonOptions options, Action<ILoggingBuilder>? logging, CancellationToken ct)
    {
        var identity = new DaemonIdentity(settings.UserIdValue, settings.InstanceName, settings.RoomValue, settings.StateDirectory, TimeProvider.System.GetUtcNow());
        PrivateFile.CreatePrivateDirectory(identity.StateDir);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http", LogLevel.Warning);
        logging?.Invoke(builder.Logging);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<HostOptions>(o =>
        {
            o.ShutdownTimeout = TimeSpan.FromSeconds(8);
            o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.StopHost;
        });
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Parse(options.Bind), options.Port);
            k.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            k.AddServerHeader = false;
        });
        builder.Services.AddDaemonServices(settings, options, identity);

        var app = builder.Build();
        app.UseMiddleware<GatewayErrors>();
        app.UseMiddleware<GatewayAuth>();
        app.UseMiddleware<WakeObserver>();
        app.MapGateway();
        try
        {
            await app.StartAsync(ct);
        }
        catch (IOException e)
        {
            await app.DisposeAsync();
            throw new SettingsException($"the gateway cannot listen on {options.Bind}:{options.Port} ({e.Message}): another daemon may use it; pick another with --port or AGENTCHAT_PORT");
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var gateway = new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "[::1]", StringComparison.Ordinal));
        var token = app.Services.GetRequiredService<GatewayToken>();
        var discoveryPath = DiscoveryFile.PathFor(settings.DiscoveryDirectory, identity.Instance);
        PrivateFile.CreatePrivateDirectory(settings.DiscoveryDirectory);
        new DiscoveryFile(identity.Instance, identity.UserId.Value, gateway.ToString().TrimEnd('/'), token.Value, Environment.ProcessId).Write(discoveryPath);
        app.Lifetime.ApplicationStopped.Register(() => File.Delete(discoveryPath));
        return new RunningDaemon(app, gateway, token.Value, discoveryPath);
    }
}
