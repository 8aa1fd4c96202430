using AgentChat.Configuration;
using AgentChat.Daemon.Buffer;
using AgentChat.Daemon.Gateway;
using AgentChat.Daemon.Outbox;
using AgentChat.Daemon.Reading;
using AgentChat.Daemon.Registry;
using AgentChat.Daemon.Rooms;
using AgentChat.Daemon.Sync;
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
        services.AddSingleton(new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan });
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
        services.AddSingleton<GatewayErrors>();
        services.AddSingleton<InviteHandler>();
        services.AddSingleton<TimelineProcessor>();
        services.AddSingleton<MessageReader>();
        services.AddSingleton(sp => new RecipientResolver(sp.GetRequiredService<MatrixClient>(), identity.UserId, sp.GetRequiredService<TimeProvider>(), options.LookupBudget));
        services.AddSingleton(sp => new SendPlanner(sp.GetRequiredService<RecipientResolver>(), identity.Instance));
        services.AddSingleton<OutboxSender>();

        services.AddHostedService<SyncLoop>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxSender>());
        services.AddHostedService<ReadMarkerSender>();
        services.AddHostedService<Heartbeat>();
        services.AddHostedService<AllowListWatcher>();
        services.AddSingleton<TaskReaders>();
        services.AddSingleton<TaskSender>();
        services.AddHostedService<TaskBridge>();
        return services;
    }
}
