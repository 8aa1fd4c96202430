using AgentChat.Archive.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentChat.Archive.Costs;

/// <summary><c>GET /costs</c> (bearer token, as <c>/history</c>): what the bridge answers cost per agent, thread or task.</summary>
internal static class CostEndpoints
{
    public static IEndpointRouteBuilder MapCosts(this IEndpointRouteBuilder app)
    {
        app.MapGet("/costs", (HttpContext http, CostSearch search, CancellationToken ct) =>
            ArchiveQueryResults.AnswerAsync(http, CostQuery.Parse, q => search.RunAsync(q, ct), CostsJsonContext.Default.CostsResponse));
        return app;
    }
}
