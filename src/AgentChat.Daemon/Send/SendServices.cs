using AgentChat.Matrix;
using AgentChat.Verbs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AgentChat.Daemon.Send;

/// <summary>Wires sending: the core's send rule with its recipient lookups, the one send path, and POST /send.</summary>
internal static class SendServices
{
    public static IServiceCollection AddSend(this IServiceCollection services) => services
        .AddSingleton(sp => new RecipientResolver(sp.GetRequiredService<MatrixClient>(), sp.GetRequiredService<DaemonIdentity>().UserId,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<DaemonOptions>().LookupBudget))
        .AddSingleton(sp => new SendPlanner(sp.GetRequiredService<RecipientResolver>(), sp.GetRequiredService<DaemonIdentity>().Instance))
        .AddSingleton<OutboxSend>();

    public static IEndpointRouteBuilder MapSend(this IEndpointRouteBuilder app)
    {
        app.MapPost("/send", SendEndpoint.HandleAsync);
        return app;
    }
}
