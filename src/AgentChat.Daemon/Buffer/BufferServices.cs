using Microsoft.Extensions.DependencyInjection;

namespace AgentChat.Daemon.Buffer;

/// <summary>Wires the ring of recent messages that /sync fills and every reader reads.</summary>
internal static class BufferServices
{
    public static IServiceCollection AddBuffer(this IServiceCollection services) => services
        .AddSingleton(sp => new MessageBuffer(sp.GetRequiredService<DaemonOptions>().BufferCapacity, sp.GetRequiredService<TimeProvider>()));
}
