using AgentChat.Configuration;
using AgentChat.Daemon.Gateway;
using AgentChat.Daemon.Presence;
using AgentChat.Daemon.Registry;
using AgentChat.Hosting.Gateway;
using AgentChat.Hosting.Web;
using Microsoft.AspNetCore.Builder;
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
        _ = DropStartupPagesAsync(daemon.App.Lifetime.ApplicationStopping);
        await daemon.App.WaitForShutdownAsync(ct);
        return LoopbackHost.ExitCode(daemon.App);
    }

    /// <summary>Once start-up is over (the first sync and the buffer's refill), the binary's pages only it read go back.</summary>
    private static async Task DropStartupPagesAsync(CancellationToken ct)
    {
        try
        {
            await Task.Delay(StartupPagesAfter, TimeProvider.System, ct);
            StartupPages.PageOutExecutable();
        }
        catch (OperationCanceledException)
        {
            // stopping before start-up was over: nothing to give back
        }
    }

    private static readonly TimeSpan StartupPagesAfter = TimeSpan.FromSeconds(20);

    /// <summary>Starts the daemon and returns once the gateway listens and the discovery file is written.</summary>
    public static async Task<RunningDaemon> StartAsync(AgentChatSettings settings, DaemonOptions options, Action<ILoggingBuilder>? logging, CancellationToken ct)
    {
        var identity = new DaemonIdentity(settings.UserIdValue, settings.InstanceName, settings.RoomValue, settings.StateDirectory, TimeProvider.System.GetUtcNow());
        PrivateFile.CreatePrivateDirectory(identity.StateDir);

        var listener = new Listener("the gateway", options.Bind, options.Port,
            "another daemon may use it; pick another with --port or AGENTCHAT_PORT", MaxRequestBodyBytes);
        var builder = LoopbackHost.CreateBuilder(listener, logging);
        builder.Services.AddDaemonServices(settings, options, identity);

        var app = builder.Build();
        try
        {
            await app.Services.GetRequiredService<NameClaim>().EnsureFreeAsync(ct); // another live agent's name: exit 2
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        app.UseMiddleware<GatewayErrors>();
        app.UseMiddleware<GatewayAuth>();
        app.UseMiddleware<WakeObserver>();
        app.MapGateway();
        var gateway = await LoopbackHost.StartAsync(app, listener, ct);

        var token = app.Services.GetRequiredService<GatewayToken>();
        var discoveryPath = DiscoveryPublisher.Publish(app, settings.DiscoveryDirectory, identity.Instance, identity.UserId.Value, gateway, token.Value);
        return new RunningDaemon(app, gateway, token.Value, discoveryPath);
    }
}
