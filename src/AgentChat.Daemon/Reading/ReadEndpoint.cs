using AgentChat.Daemon.Gateway;
using AgentChat.Daemon.Rooms;
using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Rooms;
using AgentChat.Verbs;
using Microsoft.AspNetCore.Http;
using AgentChat.Hosting.Rooms;
using AgentChat.Hosting.Gateway;

namespace AgentChat.Daemon.Reading;

/// <summary>GET /read?since=&amp;limit=&amp;room=&amp;kind=&amp;mentions=me&amp;wait=: the core's read rules over the buffer.</summary>
internal static class ReadEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, MessageReader reader, RoomResolver resolver, FollowedRooms rooms, CancellationToken ct)
    {
        var q = context.Request.Query;
        ReadRequest request;
        try
        {
            request = ReadRules.Parse(Value(q["since"]), Value(q["limit"]), Value(q["wait"]), Value(q["kind"]), Value(q["mentions"]), Value(q["room"]));
        }
        catch (VerbException e)
        {
            return GatewayResults.Error(e);
        }

        RoomId? room = null;
        if (request.Room is { } name)
        {
            try
            {
                room = await resolver.ResolveRoomAsync(name, ct);
            }
            catch (MatrixException e) when (e.ErrCode == MatrixErrorCodes.NotFound)
            {
                room = null;
            }
            if (room is not { } id || !rooms.IsFollowed(id))
                return GatewayResults.Error(404, "unknown_room", $"this agent does not follow {name}");
        }

        try
        {
            var response = await reader.ReadAsync(request, room, ct);
            return TypedResults.Json(response, GatewayJsonContext.Default.ReadResponse);
        }
        catch (MatrixException e)
        {
            return GatewayResults.Error(e.IsTransient ? 503 : 502, "homeserver_error", $"reading history failed: {e.Message}");
        }
    }

    private static string? Value(Microsoft.Extensions.Primitives.StringValues v) => v.Count > 0 ? v.ToString() : null;
}
