using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AgentChat.Daemon.Reading;

/// <summary>Wires reading: the read rule over the buffer, the read markers and their sender, GET /read and /events.</summary>
internal static class ReadingServices
{
    public static IServiceCollection AddReading(this IServiceCollection services) => services
        .AddSingleton<ReadMarkers>()
        .AddSingleton<MessageReader>()
        .AddHostedService<ReadMarkerSender>();

    public static IEndpointRouteBuilder MapRead(this IEndpointRouteBuilder app)
    {
        app.MapGet("/read", ReadEndpoint.HandleAsync);
        app.MapGet("/events", EventsEndpoint.HandleAsync);
        return app;
    }
}
