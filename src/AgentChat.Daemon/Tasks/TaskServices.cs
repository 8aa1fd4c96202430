using Microsoft.Extensions.DependencyInjection;

namespace AgentChat.Daemon.Tasks;

/// <summary>Wires tasks: the shared room's tasks (read, and moved through the one send path) and the confirmations of humans' tasks.</summary>
internal static class TaskServices
{
    public static IServiceCollection AddTasks(this IServiceCollection services) => services
        .AddSingleton<SharedRoomTasks>()
        .AddHostedService<HumanTaskConfirmer>();
}
