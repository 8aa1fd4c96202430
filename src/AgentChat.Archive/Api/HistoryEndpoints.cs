using AgentChat.Hosting.Sync;
using AgentChat.Gateway;
using AgentChat.History;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentChat.Archive.Api;

/// <summary>The archive's HTTP API: <c>GET /history</c> (bearer token), <c>GET /health</c> (open).</summary>
internal static class HistoryEndpoints
{
    public static IEndpointRouteBuilder MapHistory(this IEndpointRouteBuilder app)
    {
        app.MapGet("/history", (HttpContext http, HistorySearch search, CancellationToken ct) =>
            ArchiveQueryResults.AnswerAsync(http, HistoryQuery.Parse, q => search.RunAsync(q, ct), HistoryJsonContext.Default.HistoryResponse,
                whenDown: "read from Matrix with cchat history (it falls back)"));
        app.MapGet("/health", (SyncHealth health) => health.IsHealthy
            ? TypedResults.Json(new HealthResponse("ok"), GatewayJsonContext.Default.HealthResponse)
            : TypedResults.Json(new HealthResponse("unhealthy", health.Reason), GatewayJsonContext.Default.HealthResponse, statusCode: 503));
        return app;
    }
}
