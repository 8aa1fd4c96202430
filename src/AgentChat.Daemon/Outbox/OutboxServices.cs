using Microsoft.Extensions.DependencyInjection;

namespace AgentChat.Daemon.Outbox;

/// <summary>Wires the outbox: the messages on disk and the lanes that deliver them.</summary>
internal static class OutboxServices
{
    public static IServiceCollection AddOutbox(this IServiceCollection services, DaemonIdentity identity) => services
        .AddSingleton(new OutboxStore(identity.StateDir))
        .AddSingleton<OutboxSender>()
        .AddHostedService(sp => sp.GetRequiredService<OutboxSender>());
}
