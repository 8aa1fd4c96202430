using AgentChat.Hosting.Gateway;
using AgentChat.Verbs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Npgsql;

namespace AgentChat.Archive.Costs;

/// <summary><c>GET /costs</c> (bearer token, as <c>/history</c>): what the bridge answers cost per agent, thread or task.</summary>
internal static class CostEndpoints
{
    public static IEndpointRouteBuilder MapCosts(this IEndpointRouteBuilder app)
    {
        app.MapGet("/costs", async (HttpContext http, CostSearch search, CancellationToken ct) =>
        {
            CostQuery query;
            try
            {
                query = CostQuery.Parse(key => http.Request.Query[key].ToString());
            }
            catch (VerbException e)
            {
                return GatewayResults.Error(e);
            }
            try
            {
                return TypedResults.Json(await search.RunAsync(query, ct), CostsJsonContext.Default.CostsResponse);
            }
            catch (NpgsqlException e) when (e is not PostgresException)
            {
                return GatewayResults.Error(StatusCodes.Status503ServiceUnavailable, "archive_db_unavailable",
                    $"the archive's PostgreSQL does not answer ({e.Message}); try again");
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                return GatewayResults.Error(StatusCodes.Status503ServiceUnavailable, "archive_starting",
                    "the archive has not created its tables yet (it does on its first connection to PostgreSQL); try again shortly");
            }
        });
        return app;
    }
}
