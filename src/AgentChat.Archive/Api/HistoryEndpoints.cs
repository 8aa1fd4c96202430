using AgentChat.Hosting.Gateway;
using AgentChat.Hosting.Sync;
using AgentChat.Gateway;
using AgentChat.History;
using AgentChat.Verbs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Npgsql;

namespace AgentChat.Archive.Api;

/// <summary>The archive's HTTP API: <c>GET /history</c> (bearer token), <c>GET /health</c> (open).</summary>
internal static class HistoryEndpoints
{
    public static IEndpointRouteBuilder MapHistory(this IEndpointRouteBuilder app)
    {
        app.MapGet("/history", async (HttpContext http, HistorySearch search, CancellationToken ct) =>
        {
            HistoryQuery query;
            try
            {
                query = HistoryQuery.Parse(key => http.Request.Query[key].ToString());
            }
            catch (VerbException e)
            {
                return GatewayResults.Error(e);
            }
            try
            {
                return TypedResults.Json(await search.RunAsync(query, ct), HistoryJsonContext.Default.HistoryResponse);
            }
            catch (NpgsqlException e) when (e is not PostgresException)
            {
                return GatewayResults.Error(StatusCodes.Status503ServiceUnavailable, "archive_db_unavailable",
                    $"the archive's PostgreSQL does not answer ({e.Message}); try again, or read from Matrix with cchat history (it falls back)");
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                return GatewayResults.Error(StatusCodes.Status503ServiceUnavailable, "archive_starting",
                    "the archive has not created its tables yet (it does on its first connection to PostgreSQL); try again shortly");
            }
        });
        app.MapGet("/health", (SyncHealth health) => health.IsHealthy
            ? TypedResults.Json(new HealthResponse("ok"), GatewayJsonContext.Default.HealthResponse)
            : TypedResults.Json(new HealthResponse("unhealthy", health.Reason), GatewayJsonContext.Default.HealthResponse, statusCode: 503));
        return app;
    }
}
