using System.Globalization;
using AgentChat.Daemon.Reading;
using AgentChat.Daemon.Rooms;
using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Rooms;
using Microsoft.AspNetCore.Http;

namespace AgentChat.Daemon.Gateway;

/// <summary>GET /read?since=&amp;limit=&amp;room=&amp;kind=&amp;mentions=me&amp;wait=</summary>
internal static class ReadEndpoint
{
    private const int MaxLimit = 1000;
    private const int MaxWaitSeconds = 300;

    public static async Task<IResult> HandleAsync(HttpContext context, MessageReader reader, RoomResolver resolver, FollowedRooms rooms, CancellationToken ct)
    {
        var q = context.Request.Query;
        long? since = null;
        if (q["since"] is { Count: > 0 } s)
        {
            if (!long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                return GatewayResults.BadRequest("bad_since", "\"since\" must be a cursor from an earlier read");
            since = parsed;
        }
        var limit = 50;
        if (q["limit"] is { Count: > 0 } l && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
            return GatewayResults.BadRequest("bad_limit", $"\"limit\" must be a whole number from 1 to {MaxLimit}");
        var wait = 0.0;
        if (q["wait"] is { Count: > 0 } w && (!double.TryParse(w, NumberStyles.Float, CultureInfo.InvariantCulture, out wait) || wait is < 0 or > MaxWaitSeconds || double.IsNaN(wait)))
            return GatewayResults.BadRequest("bad_wait", $"\"wait\" must be seconds from 0 to {MaxWaitSeconds}");
        var kind = q["kind"] is { Count: > 0 } k ? k.ToString() : null;
        if (kind is not null && !MessageKind.IsValid(kind))
            return GatewayResults.BadRequest("bad_kind", $"\"kind\" must be one of {string.Join(", ", MessageKind.All)}");
        var mentions = q["mentions"].ToString();
        if (mentions is not ("" or "me")) return GatewayResults.BadRequest("bad_mentions", "\"mentions\" takes only \"me\"");

        RoomId? room = null;
        if (q["room"] is { Count: > 0 } r)
        {
            try
            {
                room = await resolver.ResolveRoomAsync(r.ToString(), ct);
            }
            catch (MatrixException e) when (e.ErrCode == MatrixErrorCodes.NotFound)
            {
                room = null;
            }
            if (room is not { } id || !rooms.IsFollowed(id))
                return GatewayResults.Error(404, "unknown_room", $"this agent does not follow {r}");
        }

        try
        {
            var response = await reader.ReadAsync(new ReadQuery(since, limit, room, kind, mentions == "me", TimeSpan.FromSeconds(wait)), ct);
            return TypedResults.Json(response, GatewayJsonContext.Default.ReadResponse);
        }
        catch (MatrixException e)
        {
            return GatewayResults.Error(e.IsTransient ? 503 : 502, "homeserver_error", $"reading history failed: {e.Message}");
        }
    }
}
