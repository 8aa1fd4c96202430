using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AgentChat.Daemon.Unanswered;

/// <summary>Wires the questions and tasks nobody answered: the digest in the room, and GET /pending (the public name stays).</summary>
internal static class UnansweredServices
{
    public static IServiceCollection AddUnanswered(this IServiceCollection services) => services
        .AddHostedService<DigestPoster>();

    public static IEndpointRouteBuilder MapUnanswered(this IEndpointRouteBuilder app)
    {
        app.MapGet("/pending", UnansweredEndpoint.Handle);
        return app;
    }
}
