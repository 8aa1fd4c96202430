using AgentChat.Daemon.Metrics;
using AgentChat.Daemon.Presence;
using AgentChat.Daemon.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace AgentChat.Daemon.Gateway;

internal static class GatewayEndpoints
{
    public static IEndpointRouteBuilder MapGateway(this IEndpointRouteBuilder app)
    {
        app.MapPost("/send", SendEndpoint.HandleAsync);
        app.MapGet("/read", ReadEndpoint.HandleAsync);
        app.MapGet("/events", EventsEndpoint.HandleAsync);
        app.MapGet("/who", InfoEndpoints.WhoAsync);
        app.MapGet("/status", InfoEndpoints.Status);
        app.MapGet("/health", InfoEndpoints.Health);
        app.MapGet("/metrics", MetricsEndpoint.Handle);
        app.MapPresence();
        app.MapPost("/hooks/session-start", Wake.HookEndpoints.SessionStartAsync);
        app.MapPost("/hooks/prompt", Wake.HookEndpoints.PromptAsync);
        app.MapPost("/hooks/stop", Wake.HookEndpoints.StopAsync);
        app.MapPost("/hooks/ack", Wake.HookEndpoints.Ack);
        app.MapGet("/sent", Receipts.SentEndpoint.Handle);
        app.MapGet("/pending", Pending.PendingEndpoint.Handle);
        app.MapTasks();
        return app;
    }
}
