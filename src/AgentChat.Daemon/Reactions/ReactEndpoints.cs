using System.Text.Json;
using AgentChat.Gateway;
using AgentChat.Hosting.Gateway;
using AgentChat.Hosting.Registry;
using AgentChat.Matrix;
using AgentChat.Rooms;
using AgentChat.Verbs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentChat.Daemon.Reactions;

/// <summary>
/// <c>POST /react</c> puts a reaction on a message; <c>GET /reactions</c> reads a message's reactions back. A reaction goes
/// straight to the homeserver, not through the outbox: it is no message, and the same <c>txn_id</c> sent again is still one.
/// </summary>
internal static class ReactEndpoints
{
    public static IEndpointRouteBuilder MapReact(this IEndpointRouteBuilder app)
    {
        app.MapPost("/react", ReactAsync);
        app.MapGet("/reactions", ReactionsAsync);
        return app;
    }

    private static async Task<IResult> ReactAsync(HttpContext context, MatrixClient client, RoomResolver rooms, DaemonIdentity identity, CancellationToken ct)
    {
        try
        {
            var request = await JsonSerializer.DeserializeAsync(context.Request.Body, GatewayJsonContext.Default.ReactRequest, ct)
                          ?? throw VerbException.BadRequest("bad_json", "the body is not a reaction");
            var (target, key) = ReactionRules.Check(request);
            var txn = request.TxnId ?? TxnId.New();
            var room = await rooms.ResolveRoomAsync(request.Room ?? identity.SharedRoom, ct);
            var eventId = await client.SendEventAsync(room, EventTypes.Reaction, ReactionRules.Content(target, key), txn, ct);
            return TypedResults.Json(new SendResponse(eventId.Value, room.Value, txn), GatewayJsonContext.Default.SendResponse);
        }
        catch (JsonException e)
        {
            return GatewayResults.BadRequest("bad_json", $"the body is not a reaction: {e.Message}");
        }
        catch (VerbException e)
        {
            return GatewayResults.Error(e);
        }
        catch (MatrixException e)
        {
            return HomeserverError(e, "the reaction");
        }
    }

    private static async Task<IResult> ReactionsAsync(string? event_id, string? room, MatrixClient client, RoomResolver rooms, RegistryState registry, DaemonIdentity identity, CancellationToken ct)
    {
        try
        {
            var (target, _) = ReactionRules.Check(new ReactRequest { EventId = event_id });
            var roomId = await rooms.ResolveRoomAsync(room ?? identity.SharedRoom, ct);
            var (related, _) = await client.GetRelationsAsync(roomId, target, "m.annotation", null, 100, ct);
            return TypedResults.Json(ReactionRules.Summarize(target, related, registry.Senders), GatewayJsonContext.Default.ReactionsResponse);
        }
        catch (VerbException e)
        {
            return GatewayResults.Error(e);
        }
        catch (MatrixException e)
        {
            return HomeserverError(e, "reading the reactions");
        }
    }

    private static IResult HomeserverError(MatrixException e, string what) => e.ErrCode switch
    {
        MatrixErrorCodes.Forbidden => GatewayResults.Error(403, "forbidden", $"{what} was refused: {e.Message}"),
        MatrixErrorCodes.NotFound => GatewayResults.Error(404, "not_found", $"{what} failed: no such room or message ({e.Message})"),
        _ => GatewayResults.Error(e.IsTransient ? 503 : 502, "homeserver_error", $"{what} failed: {e.Message}"),
    };
}
