using AgentChat.Configuration;
using AgentChat.Matrix;
using AgentChat.Messages.Wake;
using AgentChat.Rooms;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AgentChat.Daemon.Wake;

/// <summary>Wires waking the session: what it is doing, what waits for it (from allowed senders), and the Claude Code hooks, and the 👀 on what the session was handed.</summary>
internal static class WakeServices
{
    public static IServiceCollection AddWake(this IServiceCollection services, AgentChatSettings settings, DaemonIdentity identity) => services
        .AddSingleton<SessionActivity>()
        .AddSingleton(sp => new DirectRoomCache(sp.GetRequiredService<MatrixClient>(), identity.UserId, sp.GetRequiredService<TimeProvider>()))
        .AddSingleton(new SenderGate(identity.UserId.Value, settings.Environment(SenderGate.Variable)))
        .AddSingleton<WakeInbox>()
        .AddSingleton<DeliveryMarks>()
        .AddHostedService<DeliveryReactionSender>();

    public static IEndpointRouteBuilder MapHooks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/hooks/session-start", HookEndpoints.SessionStartAsync);
        app.MapPost("/hooks/prompt", HookEndpoints.PromptAsync);
        app.MapPost("/hooks/stop", HookEndpoints.StopAsync);
        app.MapPost("/hooks/ack", HookEndpoints.Ack);
        app.MapPost("/hooks/delivered", HookEndpoints.Delivered);
        app.MapPost("/hooks/claim", HookEndpoints.Claim);
        return app;
    }
}
