using AgentChat.Configuration;
using AgentChat.Daemon.Buffer;
using AgentChat.Daemon.Metrics;
using AgentChat.Daemon.Outbox;
using AgentChat.Daemon.Presence;
using AgentChat.Daemon.Pending;
using AgentChat.Daemon.Receipts;
using AgentChat.Daemon.Reading;
using AgentChat.Daemon.Registry;
using AgentChat.Daemon.Rooms;
using AgentChat.Daemon.Sync;
using AgentChat.Hosting.Gateway;
using AgentChat.Hosting.Metrics;
using AgentChat.Hosting.Registry;
using AgentChat.Hosting.Rooms;
using AgentChat.Hosting.Sync;
using AgentChat.LoopGuard;
using AgentChat.Daemon.Tasks;
using AgentChat.Matrix;
using AgentChat.Rooms;
using AgentChat.Verbs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AgentChat.Daemon.Hosting;

internal static class DaemonServices
{
    public static IServiceCollection AddDaemonServices(this IServiceCollection services, AgentChatSettings settings, DaemonOptions options, DaemonIdentity identity)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(settings);
        services.AddSingleton(identity);
        services.AddSingleton(DaemonMetricsSources.Create);
        services.AddSingleton(sp => new HttpClient(new HomeserverMetricsHandler(sp.GetRequiredService<DaemonMetrics>())
            { InnerHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) } }) { Timeout = Timeout.InfiniteTimeSpan });
        services.AddSingleton(sp => new MatrixClient(sp.GetRequiredService<HttpClient>(), settings.HomeserverUri, settings.AccessTokenValue, time: sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new RoomResolver(sp.GetRequiredService<MatrixClient>(), identity.UserId));
        services.AddSingleton(new InvitePolicy(identity.UserId, settings.AllowedInviters));
        services.AddSingleton(sp => new MessageBuffer(options.BufferCapacity, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(new SyncTokenStore(identity.StateDir));
        services.AddSingleton(new OutboxStore(identity.StateDir));
        services.AddSingleton<FollowedRooms>();
        services.AddSingleton<ReadMarkers>();
        services.AddSingleton<SyncHealth>();
        services.AddSingleton<RegistryState>();
        services.AddSingleton<GatewayToken>();
        services.AddSingleton<GatewayAuth>();
        services.AddSingleton(new ScrapeToken(options.MetricsTokenFile));
        services.AddSingleton<GatewayErrors>();
        services.AddSingleton<InviteJoiner>();
        services.AddSingleton<IAfterJoin, DaemonAfterJoin>();
        services.AddSingleton<TimelineProcessor>();
        services.AddSingleton<MessageReader>();
        services.AddSingleton(sp => new RecipientResolver(sp.GetRequiredService<MatrixClient>(), identity.UserId, sp.GetRequiredService<TimeProvider>(), options.LookupBudget));
        services.AddSingleton(sp => new SendPlanner(sp.GetRequiredService<RecipientResolver>(), identity.Instance));
        services.AddSingleton<OutboxSender>();
        services.AddPresence();
        services.AddSingleton<Wake.SessionActivity>();
        services.AddSingleton(sp => new DirectRoomCache(sp.GetRequiredService<MatrixClient>(), identity.UserId, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(new AgentChat.Messages.Wake.SenderGate(identity.UserId.Value, settings.Environment(AgentChat.Messages.Wake.SenderGate.Variable)));
        services.AddSingleton<Wake.WakeInbox>();
        services.AddSingleton(GuardSettings.From(settings));
        services.AddSingleton<ConversationWatch>();
        services.AddSingleton<LoopGuardGate>();

        services.AddHostedService<SyncLoop>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxSender>());
        services.AddHostedService<ReadMarkerSender>();
        services.AddHostedService<Heartbeat>();
        services.AddHostedService<AllowListWatcher>();
        services.AddHostedService<DigestPoster>();
        services.AddSingleton<TaskReaders>();
        services.AddSingleton<TaskSender>();
        services.AddHostedService<TaskBridge>();
        return services;
    }
}
