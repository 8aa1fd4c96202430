using Microsoft.Extensions.DependencyInjection;
using AgentChat.Hosting.Sync;

namespace AgentChat.Daemon.Sync;

/// <summary>Wires the /sync loop: its persisted token, its health, and the timeline it hands on.</summary>
internal static class SyncServices
{
    public static IServiceCollection AddSync(this IServiceCollection services, DaemonIdentity identity) => services
        .AddSingleton(new SyncTokenStore(identity.StateDir))
        .AddSingleton<SyncHealth>()
        .AddSingleton<TimelineProcessor>()
        .AddHostedService<SyncLoop>();
}
