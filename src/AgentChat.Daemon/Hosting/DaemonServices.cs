using AgentChat.Configuration;
using AgentChat.Daemon.Attachments;
using AgentChat.Daemon.Buffer;
using AgentChat.Daemon.Decisions;
using AgentChat.Daemon.Gateway;
using AgentChat.Daemon.Leases;
using AgentChat.Daemon.LoopGuard;
using AgentChat.Daemon.Metrics;
using AgentChat.Daemon.Outbox;
using AgentChat.Daemon.Presence;
using AgentChat.Daemon.Reading;
using AgentChat.Daemon.Receipts;
using AgentChat.Daemon.Registry;
using AgentChat.Daemon.Rooms;
using AgentChat.Daemon.Send;
using AgentChat.Daemon.Sync;
using AgentChat.Daemon.Tasks;
using AgentChat.Daemon.Unanswered;
using AgentChat.Daemon.Wake;
using AgentChat.Matrix;
using AgentChat.Rooms;
using Microsoft.Extensions.DependencyInjection;

namespace AgentChat.Daemon.Hosting;

/// <summary>Wires the daemon: who it is and its homeserver, then each feature by its own <c>AddX</c>.</summary>
internal static class DaemonServices
{
    /// <remarks>The background services start in the order their features are added here, and stop in reverse.</remarks>
    public static IServiceCollection AddDaemonServices(this IServiceCollection services, AgentChatSettings settings, DaemonOptions options, DaemonIdentity identity) => services
        .AddIdentity(settings, options, identity)
        .AddMetrics(options)
        .AddHomeserver(settings, identity)
        .AddGateway()
        .AddBuffer()
        .AddPresence()
        .AddWake(settings, identity)
        .AddReceipts(settings)
        .AddLoopGuard()
        .AddSend()
        .AddSync(identity)
        .AddOutbox(identity)
        .AddReading()
        .AddRegistry()
        .AddRooms(settings, identity)
        .AddUnanswered()
        .AddTasks()
        .AddLeases()
        .AddAttachments()
        .AddDecisions();

    private static IServiceCollection AddIdentity(this IServiceCollection services, AgentChatSettings settings, DaemonOptions options, DaemonIdentity identity) => services
        .AddSingleton(TimeProvider.System)
        .AddSingleton(options)
        .AddSingleton(settings)
        .AddSingleton(identity);

    /// <summary>The one client every request to the homeserver goes through, counted for /metrics.</summary>
    private static IServiceCollection AddHomeserver(this IServiceCollection services, AgentChatSettings settings, DaemonIdentity identity) => services
        .AddSingleton(sp => new HttpClient(new HomeserverMetricsHandler(sp.GetRequiredService<DaemonMetrics>())
            { InnerHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) } }) { Timeout = Timeout.InfiniteTimeSpan })
        .AddSingleton(sp => new MatrixClient(sp.GetRequiredService<HttpClient>(), settings.HomeserverUri, settings.AccessTokenValue, time: sp.GetRequiredService<TimeProvider>()))
        .AddSingleton(sp => new RoomResolver(sp.GetRequiredService<MatrixClient>(), identity.UserId));
}
