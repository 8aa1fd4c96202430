using AgentChat.Decisions;
using Microsoft.Extensions.DependencyInjection;

namespace AgentChat.Daemon.Decisions;

/// <summary>Wires decisions: the sync's signals, the rules over the daemon, and the keeper that resumes blocked tasks and closes decided polls.</summary>
internal static class DecisionServices
{
    public static IServiceCollection AddDecisions(this IServiceCollection services) => services
        .AddSingleton<DecisionSignals>()
        .AddSingleton<DaemonDecisionRoom>()
        .AddSingleton(sp => new DecisionService(sp.GetRequiredService<DaemonDecisionRoom>(), sp.GetRequiredService<TimeProvider>()))
        .AddHostedService<DecisionKeeper>();
}
