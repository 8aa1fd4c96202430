using System.Text.Json.Serialization.Metadata;
using AgentChat.Hosting.Gateway;
using AgentChat.Verbs;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace AgentChat.Archive.Api;

/// <summary>
/// One archive query over HTTP (<c>/history</c>, <c>/costs</c>): parse the query string (400 on a bad one), run it
/// against PostgreSQL, answer JSON; a database that does not answer, or has no tables yet, is a 503 that says so.
/// </summary>
internal static class ArchiveQueryResults
{
    /// <param name="whenDown">What to do while PostgreSQL does not answer, after "try again".</param>
    public static async Task<IResult> AnswerAsync<TQuery, TResponse>(
        HttpContext http, Func<Func<string, string?>, TQuery> parse, Func<TQuery, Task<TResponse>> run, JsonTypeInfo<TResponse> json, string? whenDown = null)
    {
        TQuery query;
        try
        {
            query = parse(key => http.Request.Query[key].ToString());
        }
        catch (VerbException e)
        {
            return GatewayResults.Error(e);
        }
        try
        {
            return TypedResults.Json(await run(query), json);
        }
        catch (NpgsqlException e) when (e is not PostgresException)
        {
            return GatewayResults.Error(StatusCodes.Status503ServiceUnavailable, "archive_db_unavailable",
                $"the archive's PostgreSQL does not answer ({e.Message}); try again{(whenDown is null ? "" : ", or " + whenDown)}");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return GatewayResults.Error(StatusCodes.Status503ServiceUnavailable, "archive_starting",
                "the archive has not created its tables yet (it does on its first connection to PostgreSQL); try again shortly");
        }
    }
}
