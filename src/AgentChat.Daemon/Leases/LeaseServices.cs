using Microsoft.Extensions.DependencyInjection;

namespace AgentChat.Daemon.Leases;

/// <summary>Wires leases: the desk the endpoints use, the room's notices of them, and humans' <c>!release</c>.</summary>
internal static class LeaseServices
{
    public static IServiceCollection AddLeases(this IServiceCollection services) => services
        .AddSingleton<LeaseNotifier>()
        .AddHostedService(sp => sp.GetRequiredService<LeaseNotifier>())
        .AddSingleton<DaemonLeases>()
        .AddHostedService<HumanRelease>();
}
