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
        app.MapTasks();
        return app;
    }
}
