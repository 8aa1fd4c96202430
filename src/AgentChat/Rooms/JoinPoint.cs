using AgentChat.Matrix;

namespace AgentChat.Rooms;

/// <summary>
/// Where an agent's unread messages in a room begin: after its read marker, or, before it ever read there, after its
/// own join. Messages from before it joined are history (<c>cchat history</c>, <c>since=</c>, /messages), never unread,
/// so an agent invited into a busy room is not handed everything said there. One rule for the daemon and direct mode.
/// </summary>
public static class JoinPoint
{
    private const string MemberType = "m.room.member";

    /// <summary>The read marker (<c>m.fully_read</c>), else this account's join event; null when neither is known.</summary>
    public static async Task<EventId?> UnreadAfterAsync(MatrixClient client, RoomId room, UserId self, CancellationToken ct) =>
        await client.GetFullyReadAsync(self, room, ct) ?? await FindAsync(client, room, self, ct);

    /// <summary>
    /// This account's current membership event in <paramref name="room"/> when it is its own join (from the room
    /// state); null when it is not joined, or the state holds nothing readable for it.
    /// </summary>
    public static async Task<EventId?> FindAsync(MatrixClient client, RoomId room, UserId self, CancellationToken ct)
    {
        foreach (var e in await client.GetRoomStateAsync(room, ct))
        {
            if (e.Type != MemberType || e.StateKey != self.Value || e.Sender != self) continue;
            return e.ContentString("membership") == "join" && e.EventId is { } id && id.Value.StartsWith('$') ? id : null;
        }
        return null;
    }
}
