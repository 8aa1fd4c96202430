using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AgentChat.Hosting.Gateway;
using AgentChat.Leases;
using AgentChat.Matrix;
using AgentChat.Verbs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentChat.Daemon.Leases;

/// <summary>
/// <c>POST /leases</c> takes a lease (409 <c>lease_conflict</c> with the leases in the way), <c>POST /leases/release</c>
/// ends some or all, <c>GET /leases</c> lists the live ones, <c>GET /leases/check?path=…</c> says who holds paths.
/// </summary>
internal static class LeaseEndpoints
{
    public static IEndpointRouteBuilder MapLeases(this IEndpointRouteBuilder app)
    {
        var json = LeasesJsonContext.Default;
        app.MapPost("/leases", (HttpContext c, DaemonLeases leases, CancellationToken ct) => AnswerAsync(async () =>
            TypedResults.Json(await (await leases.DeskAsync(ct)).TakeAsync(await BodyAsync(c, json.LeaseTakeRequest, ct), ct), json.LeaseTakeResponse)));
        app.MapPost("/leases/release", (HttpContext c, DaemonLeases leases, CancellationToken ct) => AnswerAsync(async () =>
            TypedResults.Json(await (await leases.DeskAsync(ct)).ReleaseAsync(await BodyAsync(c, json.LeaseReleaseRequest, ct), ct), json.LeaseReleaseResponse)));
        app.MapGet("/leases", (DaemonLeases leases, CancellationToken ct) => AnswerAsync(async () =>
            TypedResults.Json(await (await leases.DeskAsync(ct)).ListAsync(ct), json.LeaseListResponse)));
        app.MapGet("/leases/check", (HttpContext c, DaemonLeases leases, CancellationToken ct) => AnswerAsync(async () =>
        {
            var paths = c.Request.Query["path"].Where(p => p is not null).Select(p => p!).ToList();
            return TypedResults.Json(await (await leases.DeskAsync(ct)).CheckAsync(paths, ct), json.LeaseCheckResponse);
        }));
        return app;
    }

    private static async Task<IResult> AnswerAsync(Func<Task<IResult>> answer)
    {
        try
        {
            return await answer();
        }
        catch (LeaseConflictException e)
        {
            return TypedResults.Json(e.Body, LeasesJsonContext.Default.LeaseConflictBody, statusCode: StatusCodes.Status409Conflict);
        }
        catch (VerbException e)
        {
            return GatewayResults.Error(e);
        }
        catch (MatrixException e) when (e.ErrCode == MatrixErrorCodes.Forbidden)
        {
            return GatewayResults.Error(403, "forbidden",
                $"the homeserver refused the lease state ({e.Message}): a room admin runs `cchat setup` to let members write {LeaseStateContent.EventType}");
        }
        catch (MatrixException e)
        {
            return GatewayResults.Error(e.IsTransient ? 503 : 502, "homeserver_error", $"the lease could not be read or written: {e.Message}");
        }
    }

    private static async Task<T> BodyAsync<T>(HttpContext context, JsonTypeInfo<T> type, CancellationToken ct) where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(context.Request.Body, type, ct)
                   ?? throw VerbException.BadRequest("bad_json", "the body is empty");
        }
        catch (JsonException e)
        {
            throw VerbException.BadRequest("bad_json", $"the body is not a lease request: {e.Message}");
        }
    }
}
