using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using AgentChat.Hosting.Metrics;

namespace AgentChat.Daemon.Metrics;

/// <summary>Wires the daemon's metrics, the token that opens them to a scraper, and GET /metrics.</summary>
internal static class MetricsServices
{
    public static IServiceCollection AddMetrics(this IServiceCollection services, DaemonOptions options) => services
        .AddSingleton(DaemonMetricsSources.Create)
        .AddSingleton(new ScrapeToken(options.MetricsTokenFile));

    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", MetricsEndpoint.Handle);
        return app;
    }
}
