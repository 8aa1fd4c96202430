using AgentChat.Metrics;
using Microsoft.AspNetCore.Http;

namespace AgentChat.Daemon.Metrics;

/// <summary>GET /metrics: the Prometheus text format 0.0.4.</summary>
internal static class MetricsEndpoint
{
    public static IResult Handle(DaemonMetrics metrics) => TypedResults.Text(metrics.Registry.Render(), MetricRegistry.ContentType);
}
