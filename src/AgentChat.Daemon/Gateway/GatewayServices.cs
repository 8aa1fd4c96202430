using Microsoft.Extensions.DependencyInjection;
using AgentChat.Hosting.Gateway;

namespace AgentChat.Daemon.Gateway;

/// <summary>Wires what guards every request: the bearer token, its check, and the one shape of an unexpected failure.</summary>
internal static class GatewayServices
{
    public static IServiceCollection AddGateway(this IServiceCollection services) => services
        .AddSingleton<GatewayToken>()
        .AddSingleton<GatewayAuth>()
        .AddSingleton<GatewayErrors>();
}
