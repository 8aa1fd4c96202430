using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Registry;

namespace AgentChat.Bridge.Feed;

/// <summary>
/// The start-up scan: the newest messages of every joined room, read from the homeserver (the daemon's buffer after
/// a restart holds only what came since it stopped). Senders are bound through the shared room's registry, so
/// <c>human</c> is the directory's word here too. Oldest first.
/// </summary>
internal static class HistoryScan
{
    public static async Task<IReadOnlyList<ChatMessage>> ReadAsync(MatrixClient client, string sharedRoom, int depth, CancellationToken ct)
    {
        var shared = sharedRoom.StartsWith('!') ? new RoomId(sharedRoom) : await client.ResolveAliasAsync(new RoomAlias(sharedRoom), ct);
        var senders = await SenderDirectory.ReadAsync(client, shared, ct);
        var messages = new List<ChatMessage>();
        foreach (var room in await client.GetJoinedRoomsAsync(ct))
        {
            var page = await client.GetMessagesAsync(room, null, Direction.Backward, Math.Clamp(depth, 1, 1000), ct: ct);
            messages.AddRange(MessageParser.ParseAll(page.Chunk.Reverse(), room, room == shared ? sharedRoom : null, senders));
        }
        return [.. messages.OrderBy(m => m.Ts)];
    }
}
