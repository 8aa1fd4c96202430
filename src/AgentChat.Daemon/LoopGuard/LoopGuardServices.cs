using Microsoft.Extensions.DependencyInjection;

namespace AgentChat.Daemon.LoopGuard;

/// <summary>Wires the loop guard every send passes.</summary>
internal static class LoopGuardServices
{
    public static IServiceCollection AddLoopGuard(this IServiceCollection services) => services
        .AddSingleton<LoopGuardGate>();
}
