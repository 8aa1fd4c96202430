using Microsoft.Extensions.DependencyInjection;
using AgentChat.Hosting.Registry;

namespace AgentChat.Daemon.Registry;

/// <summary>Wires the registry: the room state it reads and the heartbeat that keeps this agent's entry alive.</summary>
internal static class RegistryServices
{
    public static IServiceCollection AddRegistry(this IServiceCollection services) => services
        .AddSingleton<RegistryState>()
        .AddSingleton<NameClaim>()
        .AddHostedService<Heartbeat>();
}
