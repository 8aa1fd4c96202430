using Microsoft.Extensions.DependencyInjection;

namespace AgentChat.Daemon.Tasks;

/// <summary>Wires tasks: the index the sync keeps, the followed rooms' tasks (read, and moved through the one send path) and the confirmations of humans' tasks and typed commands.</summary>
internal static class TaskServices
{
    public static IServiceCollection AddTasks(this IServiceCollection services) => services
        .AddSingleton(new AgentChat.Tasks.TaskIndex())
        .AddSingleton<TaskIndexFeed>()
        .AddSingleton<RoomTasks>()
        .AddHostedService<HumanTaskConfirmer>();
}
