using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AgentChat.Daemon.Presence;

/// <summary>Wires presence into the daemon: its state, the wake observer, and the /presence endpoint.</summary>
internal static class PresenceServices
{
    public static IServiceCollection AddPresence(this IServiceCollection services) => services
        .AddSingleton<PresenceSignal>()
        .AddSingleton<WakeTracker>()
        .AddSingleton<PresenceState>()
        .AddSingleton<WakeObserver>();

    public static IEndpointRouteBuilder MapPresence(this IEndpointRouteBuilder app)
    {
        app.MapGet("/presence", PresenceEndpoint.Get);
        app.MapPost("/presence", PresenceEndpoint.PostAsync);
        return app;
    }
}
